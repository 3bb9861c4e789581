//! Php: quote styles, interpolation, concatenation and client libraries.

use plumbline_scan::{Language, scan_text};

use crate::support::uses_in;

const FILE: &str = "src/ProcoreClient.php";

pub const SOURCE: &str = r##"<?php

namespace Partner\Procore;

use GuzzleHttp\Client;
use Illuminate\Support\Facades\Http;

class ProcoreClient
{
    const BASE = 'https://api.procore.com/rest/v1.0';

    public function projects(int $companyId)
    {
        return $this->client->get("/rest/v1.0/projects?company_id={$companyId}");
    }

    public function createRfi(int $projectId, array $rfi)
    {
        return $this->client->request('POST', '/rest/v1.0/projects/' . $projectId . '/rfis', ['json' => $rfi]);
    }

    public function updateRfi($projectId, $id, $data)
    {
        return Http::withToken($this->token)->patch("{$this->base}/rest/v1.0/projects/$projectId/rfis/$id", $data);
    }

    // $this->client->delete("/rest/v1.0/projects/$projectId");
    # Http::get('/rest/v1.0/legacy');

    public function deleteImage($projectId, $id)
    {
        $ch = curl_init();
        curl_setopt($ch, CURLOPT_URL, self::API . "/rest/v1.0/projects/{$projectId}/images/{$id}");
        curl_setopt($ch, CURLOPT_CUSTOMREQUEST, "DELETE");
        curl_setopt($ch, CURLOPT_RETURNTRANSFER, true);
        $out = curl_exec($ch);
        curl_close($ch);
        return $out;
    }

    public function me()
    {
        return wp_remote_get( PROCORE_API . '/rest/v1.0/me', array( 'headers' => $this->headers() ) );
    }

    public function vendors($companyId)
    {
        $url = sprintf('%s/rest/v1.1/companies/%d/vendors', $this->base, $companyId);
        return wp_remote_request($url, ['method' => 'PUT', 'body' => $body]);
    }
}
?>
<p>Don't forget: <?= esc_html($name) ?></p>
"##;

#[test]
fn client_calls() {
    assert_eq!(
        scan_text(SOURCE, Language::Php, FILE),
        uses_in(
            FILE,
            &[
                (14, Some("GET"), "/rest/v1.0/projects"),
                (19, Some("POST"), "/rest/v1.0/projects/{}/rfis"),
                (24, Some("PATCH"), "/rest/v1.0/projects/{}/rfis/{}"),
                (33, Some("DELETE"), "/rest/v1.0/projects/{}/images/{}"),
                (43, Some("GET"), "/rest/v1.0/me"),
                (48, Some("PUT"), "/rest/v1.1/companies/{}/vendors"),
            ]
        )
    );
}

/// Guzzle `new Request`, Laravel `Http::post`, an options array, `curl_setopt_array`, and a call split over lines.
#[test]
fn guzzle_laravel_and_curl_array_calls() {
    let source = r##"<?php
$request = new Request('PUT', "https://api.procore.com/rest/v1.0/projects/{$id}");
$r = Http::post(PROCORE . '/rest/v1.0/companies/' . $cid . '/users', $data);
$opts = ['method' => 'DELETE', 'url' => "/rest/v1.0/projects/$id/rfis"];
curl_setopt_array($ch, [CURLOPT_URL => "/rest/v1.0/me", CURLOPT_POST => true]);
$x = $client->post(
    sprintf('/rest/v1.0/projects/%d/submittals', $id),
    ['json' => $s]
);
"##;
    assert_eq!(
        scan_text(source, Language::Php, "src/Sync.php"),
        uses_in(
            "src/Sync.php",
            &[
                (2, Some("PUT"), "/rest/v1.0/projects/{}"),
                (3, Some("POST"), "/rest/v1.0/companies/{}/users"),
                (4, Some("DELETE"), "/rest/v1.0/projects/{}/rfis"),
                (5, Some("POST"), "/rest/v1.0/me"),
                (7, Some("POST"), "/rest/v1.0/projects/{}/submittals"),
            ]
        )
    );
}
