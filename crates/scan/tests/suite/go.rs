//! Go: quote styles, interpolation, concatenation and client libraries.

use plumbline_scan::{Language, scan_text};

use crate::support::uses_in;

const FILE: &str = "internal/procore/client.go";

pub const SOURCE: &str = r##"package procore

import (
	"context"
	"fmt"
	"net/http"
)

const baseURL = "https://api.procore.com/rest/v1.0"

func (c *Client) Projects(companyID int) (*http.Response, error) {
	return c.http.Get(c.base + "/rest/v1.0/projects?company_id=" + strconv.Itoa(companyID))
}

func (c *Client) DeleteRFI(ctx context.Context, projectID, id int) error {
	url := fmt.Sprintf("%s/rest/v1.0/projects/%d/rfis/%d", c.base, projectID, id)
	req, err := http.NewRequestWithContext(ctx, http.MethodDelete, url, nil)
	if err != nil {
		return err
	}
	_, err = c.http.Do(req)
	return err
}

func (c *Client) CreateRFI(projectID int, body io.Reader) (*http.Response, error) {
	return http.Post(fmt.Sprintf("%s/rest/v1.0/projects/%v/rfis", c.base, projectID), "application/json", body)
}

// http.Get(c.base + "/rest/v1.0/legacy")

func (c *Client) UpdateUser(companyID, userID int) (*http.Request, error) {
	return http.NewRequest("PATCH", c.base+`/rest/v1.0/companies/`+fmt.Sprint(companyID)+"/users/"+fmt.Sprint(userID), nil)
}

func (c *Client) Me() (*http.Response, error) {
	u := c.base + "/rest/v1.0/me"
	return c.http.Get(u)
}
"##;

#[test]
fn client_calls() {
    assert_eq!(
        scan_text(SOURCE, Language::Go, FILE),
        uses_in(
            FILE,
            &[
                (12, Some("GET"), "/rest/v1.0/projects"),
                (16, Some("DELETE"), "/rest/v1.0/projects/{}/rfis/{}"),
                (26, Some("POST"), "/rest/v1.0/projects/{}/rfis"),
                (32, Some("PATCH"), "/rest/v1.0/companies/{}/users/{}"),
                (36, Some("GET"), "/rest/v1.0/me"),
            ]
        )
    );
}

/// `http.NewRequest` with a method string, an `http.Request` literal, and a route held in a variable.
#[test]
fn new_request_composite_literal_and_variables() {
    let source = r##"package x
func a() {
	req, _ := http.NewRequest("DELETE", base+"/rest/v1.0/projects/"+strconv.Itoa(id), nil)
	r := &http.Request{Method: "PUT", URL: mustParse(base + "/rest/v1.0/me")}
	resp, err := client.Get(fmt.Sprintf("%s/rest/v1.0/companies/%d/projects", base, cid))
	u := base + `/rest/v1.0/projects/` + id
	resp, err = client.Post(u, "application/json", nil)
}
"##;
    assert_eq!(
        scan_text(source, Language::Go, "sync.go"),
        uses_in(
            "sync.go",
            &[
                (3, Some("DELETE"), "/rest/v1.0/projects/{}"),
                (4, Some("PUT"), "/rest/v1.0/me"),
                (5, Some("GET"), "/rest/v1.0/companies/{}/projects"),
                (6, Some("POST"), "/rest/v1.0/projects/{}"),
            ]
        )
    );
}
