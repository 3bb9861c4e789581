//! CSharp: quote styles, interpolation, concatenation and client libraries.

use plumbline_scan::{Language, scan_text};

use crate::support::uses_in;

const FILE: &str = "src/Procore/ProcoreClient.cs";

pub const SOURCE: &str = r##"using System.Net.Http;
using System.Net.Http.Json;
using RestSharp;

namespace Partner.Procore
{
    public class ProcoreClient
    {
        private const string BaseUrl = "https://api.procore.com/rest/v1.0";
        private readonly HttpClient _http;

        public Task<List<Project>> ProjectsAsync(long companyId) =>
            _http.GetFromJsonAsync<List<Project>>($"{Api}/rest/v1.0/projects?company_id={companyId}");

        public async Task CreateRfiAsync(long projectId, Rfi rfi)
        {
            var response = await _http.PostAsJsonAsync(
                Api + "/rest/v1.0/projects/" + projectId + "/rfis", rfi);
            response.EnsureSuccessStatusCode();
        }

        public async Task DeleteRfiAsync(long projectId, long id)
        {
            using var request = new HttpRequestMessage(HttpMethod.Delete, $@"{Api}/rest/v1.0/projects/{projectId}/rfis/{id}");
            await _http.SendAsync(request);
        }

        // await _http.PutAsync($"/rest/v1.0/projects/{projectId}", content);

        public Task<string> MeAsync() => _http.GetStringAsync(@"/rest/v1.0/me");

        public RestRequest UpdateUser(long companyId, long userId) =>
            new RestRequest(string.Format("/rest/v1.0/companies/{0}/users/{1}", companyId, userId), Method.Patch);

        public async Task<HttpResponseMessage> Vendors(long companyId)
        {
            var msg = new HttpRequestMessage
            {
                Method = HttpMethod.Get,
                RequestUri = new Uri($"{Api}/rest/v1.1/companies/{companyId}/vendors"),
            };
            return await _http.SendAsync(msg);
        }
    }
}
"##;

#[test]
fn client_calls() {
    assert_eq!(
        scan_text(SOURCE, Language::CSharp, FILE),
        uses_in(
            FILE,
            &[
                (13, Some("GET"), "/rest/v1.0/projects"),
                (18, Some("POST"), "/rest/v1.0/projects/{}/rfis"),
                (24, Some("DELETE"), "/rest/v1.0/projects/{}/rfis/{}"),
                (30, Some("GET"), "/rest/v1.0/me"),
                (33, Some("PATCH"), "/rest/v1.0/companies/{}/users/{}"),
                (40, Some("GET"), "/rest/v1.1/companies/{}/vendors"),
            ]
        )
    );
}
