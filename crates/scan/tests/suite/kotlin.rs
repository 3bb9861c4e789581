//! Kotlin: quote styles, interpolation, concatenation and client libraries.

use plumbline_scan::{Language, scan_text};

use crate::support::uses_in;

const FILE: &str = "src/main/kotlin/ProcoreApi.kt";

pub const SOURCE: &str = r##"package com.partner.procore

import io.ktor.client.*
import io.ktor.client.request.*

class ProcoreApi(private val client: HttpClient, private val base: String) {
    private val api = "https://api.procore.com/rest/v1.0"

    suspend fun projects(companyId: Long): List<Project> =
        client.get("$base/rest/v1.0/projects?company_id=$companyId").body()

    suspend fun createRfi(projectId: Long, rfi: Rfi) = client.post("$base/rest/v1.0/projects/${projectId}/rfis") {
        contentType(ContentType.Application.Json)
        setBody(rfi)
    }

    suspend fun closeRfi(projectId: Long, id: Long) =
        client.request("$base/rest/v1.1/projects/$projectId/rfis/${id}") {
            method = HttpMethod.Patch
        }

    // client.delete("$base/rest/v1.0/projects/$projectId")

    fun deleteImage(projectId: Long, id: Long): Request {
        val url = base + "/rest/v1.0/projects/" + projectId + "/images/" + id
        return Request.Builder().url(url).delete().build()
    }

    suspend fun me(): User = client.get {
        url("""$base/rest/v1.0/me""")
    }.body()
}
"##;

#[test]
fn ktor_and_okhttp_calls() {
    assert_eq!(
        scan_text(SOURCE, Language::Kotlin, FILE),
        uses_in(
            FILE,
            &[
                (10, Some("GET"), "/rest/v1.0/projects"),
                (12, Some("POST"), "/rest/v1.0/projects/{}/rfis"),
                (18, Some("PATCH"), "/rest/v1.1/projects/{}/rfis/{}"),
                (25, Some("DELETE"), "/rest/v1.0/projects/{}/images/{}"),
                (30, Some("GET"), "/rest/v1.0/me"),
            ]
        )
    );
}
