//! `plumbline apps …`

use clap::Subcommand;
use plumbline_domain::{App, AppId, AppPatch, Distribution, Environment, NewApp, Role, UnixMillis};
use plumbline_store::Store;

use crate::Failure;
use crate::output::emit;

#[derive(Debug, Subcommand)]
pub(crate) enum AppsCommand {
    /// List the apps in the portfolio.
    List,
    /// Add an app to the portfolio.
    Add {
        /// The app's display name.
        name: String,
        /// Your collaborator role on the app: owner, admin or developer.
        #[arg(long, default_value = "owner", value_parser = parse_role)]
        role: Role,
        /// The Procore environment: production, developer-sandbox, monthly-sandbox, federal.
        #[arg(long, default_value = "production", value_parser = parse_env)]
        env: Environment,
        /// The app's id in the Developer Portal.
        #[arg(long)]
        procore_app_id: Option<String>,
        /// The app's OAuth client id (public; secrets are never taken on the command line).
        #[arg(long)]
        client_id: Option<String>,
    },
    /// Rename an app or change your role, its environment or its distribution.
    Update {
        id: i64,
        #[arg(long)]
        name: Option<String>,
        #[arg(long, value_parser = parse_role)]
        role: Option<Role>,
        #[arg(long, value_parser = parse_env)]
        env: Option<Environment>,
        /// marketplace (versions are reviewed) or custom (no review).
        #[arg(long, value_parser = parse_distribution)]
        distribution: Option<Distribution>,
    },
    /// Remove an app and everything stored about it.
    Remove { id: i64 },
}

fn parse_role(s: &str) -> Result<Role, String> {
    s.parse().map_err(|e: plumbline_domain::Invalid| e.0)
}

fn parse_distribution(s: &str) -> Result<Distribution, String> {
    s.parse().map_err(|e: plumbline_domain::Invalid| e.0)
}

fn parse_env(s: &str) -> Result<Environment, String> {
    s.parse().map_err(|e: plumbline_domain::Invalid| e.0)
}

fn describe(app: &App) -> String {
    let demo = if app.demo { "  (demo)" } else { "" };
    format!(
        "{:>5}  {:<10}  {:<18}  {}{demo}",
        app.id,
        app.role.as_str(),
        app.environment.as_str(),
        app.display_name
    )
}

pub(crate) fn run(store: &Store, command: AppsCommand, json: bool) -> Result<(), Failure> {
    match command {
        AppsCommand::List => {
            let apps = store.list_apps()?;
            emit(json, &apps, || {
                if apps.is_empty() {
                    return "No apps yet. Add one with: plumbline apps add NAME --role owner --env production".into();
                }
                let header = format!("{:>5}  {:<10}  {:<18}  NAME", "ID", "ROLE", "ENVIRONMENT");
                std::iter::once(header)
                    .chain(apps.iter().map(describe))
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        AppsCommand::Add {
            name,
            role,
            env,
            procore_app_id,
            client_id,
        } => {
            let new = NewApp {
                display_name: name,
                procore_app_id,
                client_id,
                environment: env,
                role,
            };
            let app = store.add_app(&new.validate()?, UnixMillis::now())?;
            emit(json, &app, || {
                format!("Added app {}: {}", app.id, app.display_name)
            })
        }
        AppsCommand::Update {
            id,
            name,
            role,
            env,
            distribution,
        } => {
            let patch = AppPatch {
                display_name: name,
                environment: env,
                role,
                distribution,
            };
            let app = store.update_app(AppId(id), &patch, UnixMillis::now())?;
            emit(json, &app, || describe(&app))
        }
        AppsCommand::Remove { id } => {
            let app = store.get_app(AppId(id))?;
            store.remove_app(app.id)?;
            emit(json, &serde_json::json!({ "removed": app.id }), || {
                format!("Removed app {}: {}", app.id, app.display_name)
            })
        }
    }
}
