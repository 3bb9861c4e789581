//! JavaScript: quote styles, interpolation, concatenation and client libraries.

use plumbline_scan::{Language, scan_text};

use crate::support::uses_in;

const FILE: &str = "web/src/api/rfis.ts";

pub const SOURCE: &str = r##"import axios from "axios";
const BASE = "https://api.procore.com";
const API = `${BASE}/rest/v1.0`;

export async function listRfis(projectId, page) {
  const { data } = await axios.get(`${BASE}/rest/v1.0/projects/${projectId}/rfis?page=${page}`);
  return data;
}

export function createRfi(projectId, rfi) {
  return axios.post(BASE + "/rest/v1.0/projects/" + projectId + "/rfis", rfi);
}

export async function closeRfi(projectId, id) {
  const res = await fetch(`${BASE}/rest/v1.1/projects/${projectId}/rfis/${id}`, {
    method: "PATCH",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ status: "closed" }),
  });
  return res.json();
}

export const me = () => fetch(BASE + '/rest/v1.0/me');

export function deleteRfi(projectId, id) {
  const url = BASE + "/rest/v1.0/projects/" + projectId +
    "/rfis/" + id;
  return superagent.del(url);
}

// old: axios.put('/rest/v1.0/projects/' + id)
/* axios.get("/rest/v1.0/legacy") */

export function updateProject(id, p) {
  return axios({ method: 'put', url: `/rest/v1.0/projects/${id}`, data: p });
}

export const rfiRoute = '/rest/v1.0/projects/:project_id/rfis/{rfi_id}/replies';

export function templates(companyId) {
  return this.http.get<Template[]>(`/rest/v1.0/companies/${companyId}/templates`);
}

$.ajax({
  type: 'POST',
  url: '/rest/v1.0/companies/' + companyId + '/users',
});
const isRe = /'/.test(name), half = total / 2;
got.post(`${BASE}/rest/v1.0/projects/${id}/documents/`, { json: doc });
"##;

#[test]
fn rfis_client_calls() {
    assert_eq!(
        scan_text(SOURCE, Language::JavaScript, FILE),
        uses_in(
            FILE,
            &[
                (6, Some("GET"), "/rest/v1.0/projects/{}/rfis"),
                (11, Some("POST"), "/rest/v1.0/projects/{}/rfis"),
                (15, Some("PATCH"), "/rest/v1.1/projects/{}/rfis/{}"),
                (23, Some("GET"), "/rest/v1.0/me"),
                (26, Some("DELETE"), "/rest/v1.0/projects/{}/rfis/{}"),
                (35, Some("PUT"), "/rest/v1.0/projects/{}"),
                (38, None, "/rest/v1.0/projects/{}/rfis/{}/replies"),
                (41, Some("GET"), "/rest/v1.0/companies/{}/templates"),
                (46, Some("POST"), "/rest/v1.0/companies/{}/users"),
                (49, Some("POST"), "/rest/v1.0/projects/{}/documents"),
            ]
        )
    );
}

/// A method belongs to the call that holds the route: finished calls before it, the route
/// handler a lambda is passed to, and calls in other functions do not lend theirs.
#[test]
fn no_method_leaks_from_unrelated_calls() {
    let source = r#"axios.post(`/rest/v1.0/a`, body);
const u = `/rest/v1.0/b`;
app.post('/hook', (req, res) => forward(`/rest/v1.0/c/${req.params.id}`));
app.post('/hook2', async (req, res) => {
  const url = `${BASE}/rest/v1.0/d`;
  await log(url);
});
function a() { const url = `/rest/v1.0/e`; return url; }
function b(url) { return axios.delete(url); }
const endpoints = {
  list: { method: 'GET', path: '/rest/v1.0/f' },
  create: { method: 'POST', path: '/rest/v1.0/f' },
};
const x = cond ? "/rest/v1.0/g" : "/rest/v1.0/h";
fetch(`/rest/v1.0/j`).then(r => r.json()).then(d => axios.post('/x', d));
"#;
    assert_eq!(
        scan_text(source, Language::JavaScript, "leak.js"),
        uses_in(
            "leak.js",
            &[
                (1, Some("POST"), "/rest/v1.0/a"),
                (2, None, "/rest/v1.0/b"),
                (3, None, "/rest/v1.0/c/{}"),
                (5, None, "/rest/v1.0/d"),
                (8, None, "/rest/v1.0/e"),
                (11, Some("GET"), "/rest/v1.0/f"),
                (12, Some("POST"), "/rest/v1.0/f"),
                (14, None, "/rest/v1.0/g"),
                (14, None, "/rest/v1.0/h"),
                (15, Some("GET"), "/rest/v1.0/j"),
            ]
        )
    );
}

/// ky, request, XMLHttpRequest, a typed client call, a fetch `Request` with options, Angular.
#[test]
fn other_clients() {
    let source = r##"const r = await ky.post(`${base}/rest/v1.0/projects/${id}/rfis`, { json });
const s = await request.put({ url: base + '/rest/v1.0/projects/' + id, json: true });
xhr.open("PATCH", `/rest/v1.0/projects/${id}`);
const t = await client.get<Project>(`/rest/v1.0/projects/${id}`);
const u = await fetch(new Request(`/rest/v1.0/me`, { method: 'DELETE' }));
const resp = await this.httpClient.delete(`/rest/v1.0/projects/${id}/images/${imageId}`).toPromise();
"##;
    assert_eq!(
        scan_text(source, Language::JavaScript, "src/clients.ts"),
        uses_in(
            "src/clients.ts",
            &[
                (1, Some("POST"), "/rest/v1.0/projects/{}/rfis"),
                (2, Some("PUT"), "/rest/v1.0/projects/{}"),
                (3, Some("PATCH"), "/rest/v1.0/projects/{}"),
                (4, Some("GET"), "/rest/v1.0/projects/{}"),
                (5, Some("DELETE"), "/rest/v1.0/me"),
                (6, Some("DELETE"), "/rest/v1.0/projects/{}/images/{}"),
            ]
        )
    );
}

/// Apostrophes in a Vue template do not hide the script below them.
#[test]
fn vue_single_file_component() {
    let source = r##"<template>
  <div :class="{ active: isOn }">
    <p>Don't refresh while we're syncing.</p>
    <a :href="`/projects/${id}`">Open</a>
  </div>
</template>

<script setup lang="ts">
import axios from 'axios'
const props = defineProps<{ projectId: number }>()
async function load() {
  const { data } = await axios.get(`/rest/v1.0/projects/${props.projectId}/rfis`)
  return data
}
</script>
"##;
    assert_eq!(
        scan_text(source, Language::JavaScript, "src/Rfis.vue"),
        uses_in(
            "src/Rfis.vue",
            &[(12, Some("GET"), "/rest/v1.0/projects/{}/rfis"),]
        )
    );
}
