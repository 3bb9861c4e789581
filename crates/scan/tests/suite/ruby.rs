//! Ruby: quote styles, interpolation, concatenation and client libraries.

use plumbline_scan::{Language, scan_text};

use crate::support::uses_in;

const FILE: &str = "lib/procore_api.rb";

pub const SOURCE: &str = r##"require "httparty"
require "faraday"

class ProcoreApi
  include HTTParty
  base_uri "https://api.procore.com/rest/v1.0"

  def projects(company_id)
    self.class.get("/rest/v1.0/projects?company_id=#{company_id}")
  end

  def create_rfi(project_id, rfi)
    HTTParty.post "#{BASE}/rest/v1.0/projects/#{project_id}/rfis", body: rfi.to_json
  end

  def update_rfi(project_id, id, attrs)
    conn.patch("/rest/v1.0/projects/" + project_id.to_s + "/rfis/#{id}") do |req|
      req.body = attrs.to_json
    end
  end

  # RestClient.delete("/rest/v1.0/projects/#{project_id}")

  def destroy_photo(project_id, id)
    RestClient::Request.execute(method: :delete, url: %Q(#{BASE}/rest/v1.0/projects/#{project_id}/images/#{id}))
  end

  def me
    uri = URI("https://api.procore.com/rest/v1.0/me")
    req = Net::HTTP::Get.new(uri)
    Net::HTTP.start(uri.host, uri.port, use_ssl: true) { |http| http.request(req) }
  end

  def upload(project_id)
    body = <<~JSON
      {"name": "don't"}
    JSON
    RestClient.post('/rest/v1.0/projects/' + project_id.to_s + '/documents', body)
  end

  def users(company_id) = connection.get "/rest/v1.0/companies/#{company_id}/users"
end
"##;

#[test]
fn client_calls() {
    assert_eq!(
        scan_text(SOURCE, Language::Ruby, FILE),
        uses_in(
            FILE,
            &[
                (9, Some("GET"), "/rest/v1.0/projects"),
                (13, Some("POST"), "/rest/v1.0/projects/{}/rfis"),
                (17, Some("PATCH"), "/rest/v1.0/projects/{}/rfis/{}"),
                (25, Some("DELETE"), "/rest/v1.0/projects/{}/images/{}"),
                (29, Some("GET"), "/rest/v1.0/me"),
                (38, Some("POST"), "/rest/v1.0/projects/{}/documents"),
                (41, Some("GET"), "/rest/v1.0/companies/{}/users"),
            ]
        )
    );
}
