//! Marks on the trend charts: versions promoted, listing edits, free notes.

use plumbline_domain::{Annotation, AnnotationKind, AppId, Day, Invalid, UnixMillis};
use rusqlite::params;

use crate::metrics::Scope;
use crate::{Store, StoreError};

/// The longest note a chart mark carries.
pub const ANNOTATION_MAX_CHARS: usize = 500;

fn annotation(r: &rusqlite::Row<'_>) -> rusqlite::Result<Annotation> {
    let kind: String = r.get(3)?;
    Ok(Annotation {
        id: r.get(0)?,
        app_id: AppId(r.get(1)?),
        day: Day(r.get(2)?),
        kind: AnnotationKind::parse(&kind).unwrap_or(AnnotationKind::Note),
        text: r.get(4)?,
        created_at: UnixMillis(r.get(5)?),
    })
}

impl Store {
    /// Adds a mark; the text is trimmed and must say something.
    pub fn add_annotation(
        &mut self,
        app: AppId,
        day: Day,
        kind: AnnotationKind,
        text: &str,
        now: UnixMillis,
    ) -> Result<Annotation, StoreError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(Invalid("Write what happened on that day.".into()).into());
        }
        let chars = text.chars().count();
        if chars > ANNOTATION_MAX_CHARS {
            return Err(Invalid(format!(
                "The note is {chars} characters long; the limit is {ANNOTATION_MAX_CHARS}. Shorten it."
            ))
            .into());
        }
        let tx = self.conn.transaction()?;
        crate::apps::ensure_app(&tx, app)?;
        let row = tx.query_row(
            "INSERT INTO annotations (app_id, day, kind, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5)
             RETURNING id, app_id, day, kind, text, created_at",
            params![app.0, day.0, kind.as_str(), text, now.0],
            annotation,
        )?;
        tx.commit()?;
        Ok(row)
    }

    /// The marks over `[from, to]`, by day.
    pub fn annotations(
        &self,
        scope: Scope,
        from: Day,
        to: Day,
    ) -> Result<Vec<Annotation>, StoreError> {
        let (sql, app) = match scope {
            Scope::App(app) => (
                "SELECT id, app_id, day, kind, text, created_at FROM annotations
                 WHERE app_id = ?1 AND day BETWEEN ?2 AND ?3 ORDER BY day, id",
                Some(app.0),
            ),
            Scope::Portfolio => (
                "SELECT id, app_id, day, kind, text, created_at FROM annotations
                 WHERE ?1 IS NULL AND day BETWEEN ?2 AND ?3 ORDER BY day, id",
                None,
            ),
        };
        let mut stmt = self.conn.prepare_cached(sql)?;
        let rows = stmt.query_map(params![app, from.0, to.0], annotation)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Removes a mark; false when it was already gone.
    pub fn remove_annotation(&self, id: i64) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .execute("DELETE FROM annotations WHERE id = ?1", [id])?
            > 0)
    }
}
