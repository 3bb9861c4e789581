//! Java: quote styles, interpolation, concatenation and client libraries.

use plumbline_scan::{Language, scan_text};

use crate::support::uses_in;

const FILE: &str = "src/main/java/com/partner/procore/ProcoreClient.java";

pub const SOURCE: &str = r##"package com.partner.procore;

import java.net.URI;
import java.net.http.HttpRequest;

public class ProcoreClient {
    private static final String BASE = "https://api.procore.com/rest/v1.0";

    public HttpRequest createRfi(long projectId, String json) {
        return HttpRequest.newBuilder()
            .uri(URI.create(api + "/rest/v1.0/projects/" + projectId + "/rfis"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build();
    }

    public Project[] projects(long companyId) {
        return restTemplate.getForObject(api + "/rest/v1.0/projects?company_id={id}", Project[].class, companyId);
    }

    public void updateRfi(long projectId, long id, Rfi rfi) {
        restTemplate.exchange(String.format("%s/rest/v1.0/projects/%d/rfis/%d", api, projectId, id),
            HttpMethod.PUT, new HttpEntity<>(rfi), Void.class);
    }

    // restTemplate.delete(api + "/rest/v1.0/projects/" + projectId);

    public Mono<User> me() {
        return webClient.get().uri("/rest/v1.0/me").retrieve().bodyToMono(User.class);
    }

    public Request deleteDocument(long projectId, long id) {
        return new Request.Builder()
            .url(api + "/rest/v1.0/projects/" + projectId + "/documents/" + id)
            .delete()
            .build();
    }

    public String vendorsUrl(long companyId) {
        return "/rest/v1.0/companies/" + companyId + "/vendors";
    }
}
"##;

#[test]
fn client_calls() {
    assert_eq!(
        scan_text(SOURCE, Language::Java, FILE),
        uses_in(
            FILE,
            &[
                (11, Some("POST"), "/rest/v1.0/projects/{}/rfis"),
                (18, Some("GET"), "/rest/v1.0/projects"),
                (22, Some("PUT"), "/rest/v1.0/projects/{}/rfis/{}"),
                (29, Some("GET"), "/rest/v1.0/me"),
                (34, Some("DELETE"), "/rest/v1.0/projects/{}/documents/{}"),
                (40, None, "/rest/v1.0/companies/{}/vendors"),
            ]
        )
    );
}
