"""Nightly sync: which companies and projects the service account can see."""
import requests

API = "https://api.procore.com"


def companies(session: requests.Session):
    return session.get(f"{API}/rest/v1.0/companies").json()


def projects(session: requests.Session, company_id: int):
    response = session.get(
        f"{API}/rest/v1.0/companies/{company_id}/projects",
        headers={"Procore-Company-Id": str(company_id)},
    )
    return response.json()


def legacy_report(session: requests.Session, company_id: int):
    # An endpoint we added years ago; nobody remembers where it is documented.
    return session.get(f"{API}/rest/v1.0/companies/{company_id}/legacy_reports").json()
