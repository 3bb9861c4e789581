//! Python: quote styles, interpolation, concatenation and client libraries.

use plumbline_scan::{Language, scan_text};

use crate::support::uses_in;

const FILE: &str = "procore/client.py";

pub const SOURCE: &str = r##"import requests
import httpx

BASE_URL = "https://api.procore.com/rest/v1.0"
API = "https://api.procore.com"


class ProcoreClient:
    def __init__(self, session):
        self.session = session

    def list_projects(self, company_id):
        # requests.delete(f"{API}/rest/v1.0/companies/{company_id}")
        return self.session.get(f"{API}/rest/v1.0/projects?company_id={company_id}").json()

    def create_rfi(self, project_id, body):
        url = API + "/rest/v1.0/projects/" + str(project_id) + "/rfis"
        resp = requests.post(url, json=body, headers=self.headers)
        return resp.json()

    def delete_rfi(self, project_id, rfi_id):
        return requests.request("DELETE", "%s/rest/v1.0/projects/%s/rfis/%d" % (API, project_id, rfi_id))

    async def submittals(self, project_id):
        async with httpx.AsyncClient() as client:
            r = await client.get(
                f"{API}/rest/v1.1/projects/{project_id}/submittals",
                params={"page": 1},
            )
        return r.json()

    def update_user(self, company_id, user_id, data):
        path = (
            "/rest/v1.0/companies/{}/users/"
            "{}".format(company_id, user_id)
        )
        return self.session.patch(API + path, json=data)

    def vendors(self, company_id):
        return self.session.request(method="GET", url=r'/rest/v1.0/vendors', params={"company_id": company_id})

    def me(self):
        return self.session.get(API + '''/rest/v1.0/me''')

ROUTES = {'rfis': '/rest/v1.0/projects/<int:project_id>/rfis'}
"##;

#[test]
fn client_calls() {
    assert_eq!(
        scan_text(SOURCE, Language::Python, FILE),
        uses_in(
            FILE,
            &[
                (14, Some("GET"), "/rest/v1.0/projects"),
                (17, Some("POST"), "/rest/v1.0/projects/{}/rfis"),
                (22, Some("DELETE"), "/rest/v1.0/projects/{}/rfis/{}"),
                (27, Some("GET"), "/rest/v1.1/projects/{}/submittals"),
                (34, Some("PATCH"), "/rest/v1.0/companies/{}/users/{}"),
                (40, Some("GET"), "/rest/v1.0/vendors"),
                (43, Some("GET"), "/rest/v1.0/me"),
                (45, None, "/rest/v1.0/projects/{}/rfis"),
            ]
        )
    );
}

#[test]
fn no_method_leaks_from_unrelated_calls() {
    let source = r#"requests.post(url1, json=x)
URL = f"{API}/rest/v1.0/a"
base = os.environ.get("BASE") + "/rest/v1.0/b"
cb = lambda pid: requests.get(f"/rest/v1.0/c/{pid}")
handler = register("POST", lambda: build("/rest/v1.0/d"))
def f():
    url = "/rest/v1.0/e"
    return url
def g(url):
    return requests.delete(url)
"#;
    assert_eq!(
        scan_text(source, Language::Python, "leak.py"),
        uses_in(
            "leak.py",
            &[
                (2, None, "/rest/v1.0/a"),
                (3, None, "/rest/v1.0/b"),
                (4, Some("GET"), "/rest/v1.0/c/{}"),
                (5, None, "/rest/v1.0/d"),
                (7, None, "/rest/v1.0/e"),
            ]
        )
    );
}
