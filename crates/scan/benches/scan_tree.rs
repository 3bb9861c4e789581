//! Times `scan` over a generated 100,000-file source tree.
//!
//! The tree mixes the eight languages in nested folders, files of about 1-4 KB, about 1% of
//! them with a Procore call; a `node_modules` folder and a `.gitignore`d folder full of
//! calls must be skipped. Run with `cargo bench --bench scan_tree`.

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

const FILES: usize = 100_000;
/// One file in this many holds a Procore call.
const CALL_EVERY: usize = 100;
const SKIPPED_FILES: usize = 2_000;
const BUDGET: Duration = Duration::from_secs(5);

/// Small deterministic generator, so that every run scans the same tree.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

#[derive(Clone, Copy)]
enum Lang {
    Js,
    Ts,
    Py,
    Rb,
    Cs,
    Go,
    Java,
    Kt,
    Php,
}

const LANGS: [Lang; 9] = [
    Lang::Js,
    Lang::Ts,
    Lang::Py,
    Lang::Rb,
    Lang::Cs,
    Lang::Go,
    Lang::Java,
    Lang::Kt,
    Lang::Php,
];

impl Lang {
    fn ext(self) -> &'static str {
        match self {
            Lang::Js => "js",
            Lang::Ts => "tsx",
            Lang::Py => "py",
            Lang::Rb => "rb",
            Lang::Cs => "cs",
            Lang::Go => "go",
            Lang::Java => "java",
            Lang::Kt => "kt",
            Lang::Php => "php",
        }
    }

    fn header(self, k: usize) -> String {
        match self {
            Lang::Js | Lang::Ts => format!(
                "import {{ useState, useEffect }} from \"react\";\nimport axios from 'axios';\n\
                 import {{ formatDate }} from \"../util/format{k}\";\n\nconst BASE = process.env.API_BASE;\n\n"
            ),
            Lang::Py => format!(
                "\"\"\"Report helpers, module {k}.\"\"\"\nimport os\nimport requests\n\
                 from datetime import datetime\n\nBASE = os.environ.get(\"API_BASE\", \"\")\n\n"
            ),
            Lang::Rb => format!(
                "# frozen_string_literal: true\nrequire \"json\"\n\nmodule Reports\n  class Module{k}\n"
            ),
            Lang::Cs => format!(
                "using System;\nusing System.Linq;\nusing System.Net.Http;\n\nnamespace Partner.Reports\n{{\n    public class Module{k}\n    {{\n        private readonly HttpClient _http = new HttpClient();\n"
            ),
            Lang::Go => format!(
                "package reports{k}\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n\t\"strings\"\n)\n\n"
            ),
            Lang::Java => format!(
                "package com.partner.reports;\n\nimport java.util.List;\nimport java.util.stream.Collectors;\n\npublic class Module{k} {{\n"
            ),
            Lang::Kt => format!(
                "package com.partner.reports\n\nimport io.ktor.client.*\n\nclass Module{k}(private val client: HttpClient, private val base: String) {{\n"
            ),
            Lang::Php => format!(
                "<?php\n\nnamespace Partner\\Reports;\n\nclass Module{k}\n{{\n    private $base = 'https://example.com';\n"
            ),
        }
    }

    fn footer(self) -> &'static str {
        match self {
            Lang::Js | Lang::Ts | Lang::Py | Lang::Go => "",
            Lang::Rb => "  end\nend\n",
            Lang::Cs => "    }\n}\n",
            Lang::Java | Lang::Kt | Lang::Php => "}\n",
        }
    }

    fn function(self, k: usize, n: u64) -> String {
        match self {
            Lang::Js | Lang::Ts => format!(
                "// Totals for panel {k}: values are scaled by {n} before summing.\n\
                 export function compute{k}(items, opts = {{}}) {{\n  \
                 const total = items.reduce((sum, it) => sum + it.value * {n}, 0);\n  \
                 if (opts.verbose) {{\n    console.log(`computed ${{total}} for ${{items.length}} items`);\n  }}\n  \
                 const label = 'Total ' + \"{k}\" + (opts.suffix || '');\n  \
                 return {{ total, label, at: formatDate(new Date()), ratio: total / {n} }};\n}}\n\n"
            ),
            Lang::Py => format!(
                "def compute_{k}(items, verbose=False):\n    \"\"\"Sum the values of items for panel {k}.\"\"\"\n    \
                 total = sum(item[\"value\"] * {n} for item in items)\n    if verbose:\n        \
                 print(f\"computed {{total}} for {{len(items)}} items\")  # don't log ids\n    \
                 return {{\"total\": total, \"label\": 'Total {k}', \"at\": datetime.now().isoformat()}}\n\n\n"
            ),
            Lang::Rb => format!(
                "    # Totals for panel {k}.\n    def compute_{k}(items, verbose: false)\n      \
                 total = items.sum {{ |item| item[:value] * {n} }}\n      \
                 puts \"computed #{{total}} for #{{items.size}} items\" if verbose\n      \
                 {{ total: total, label: 'Total {k}', at: Time.now.iso8601 }}\n    end\n\n"
            ),
            Lang::Cs => format!(
                "        // Totals for panel {k}.\n        public decimal Compute{k}(IEnumerable<Item> items, bool verbose = false)\n        {{\n            \
                 var total = items.Sum(i => i.Value * {n});\n            \
                 if (verbose) Console.WriteLine($\"computed {{total}} for {{items.Count()}} items\");\n            \
                 return total / {n}m;\n        }}\n\n"
            ),
            Lang::Go => format!(
                "// Compute{k} sums the values of items for panel {k}.\nfunc Compute{k}(items []Item, verbose bool) (int, string) {{\n\t\
                 total := 0\n\tfor _, it := range items {{\n\t\ttotal += it.Value * {n}\n\t}}\n\t\
                 if verbose {{\n\t\tfmt.Printf(\"computed %d for %d items\\n\", total, len(items))\n\t}}\n\t\
                 return total, strings.ToUpper(\"total {k}\")\n}}\n\n"
            ),
            Lang::Java => format!(
                "    /** Totals for panel {k}. */\n    public long compute{k}(List<Item> items, boolean verbose) {{\n        \
                 long total = items.stream().mapToLong(i -> i.getValue() * {n}).sum();\n        \
                 if (verbose) {{\n            System.out.println(\"computed \" + total + \" for \" + items.size() + \" items\");\n        }}\n        \
                 return total / {n};\n    }}\n\n"
            ),
            Lang::Kt => format!(
                "    /** Totals for panel {k}. */\n    fun compute{k}(items: List<Item>, verbose: Boolean = false): Long {{\n        \
                 val total = items.sumOf {{ it.value * {n} }}\n        \
                 if (verbose) println(\"computed $total for ${{items.size}} items\")\n        \
                 return total / {n}\n    }}\n\n"
            ),
            Lang::Php => format!(
                "    // Totals for panel {k}.\n    public function compute{k}(array $items, bool $verbose = false): int\n    {{\n        \
                 $total = array_sum(array_map(fn($i) => $i['value'] * {n}, $items));\n        \
                 if ($verbose) {{\n            echo \"computed {{$total}} for \" . count($items) . ' items';\n        }}\n        \
                 return intdiv($total, {n});\n    }}\n\n"
            ),
        }
    }

    /// A function making one Procore call, in a style typical of the language.
    fn call(self, k: usize) -> String {
        match self {
            Lang::Js | Lang::Ts => format!(
                "export const fetchRfis{k} = (projectId) =>\n  axios.get(`${{BASE}}/rest/v1.0/projects/${{projectId}}/rfis?page=1`);\n\n"
            ),
            Lang::Py => format!(
                "def create_rfi_{k}(project_id, body):\n    \
                 return requests.post(f\"{{BASE}}/rest/v1.0/projects/{{project_id}}/rfis\", json=body)\n\n\n"
            ),
            Lang::Rb => format!(
                "    def update_rfi_{k}(project_id, id)\n      \
                 HTTParty.patch(\"#{{BASE}}/rest/v1.0/projects/#{{project_id}}/rfis/#{{id}}\")\n    end\n\n"
            ),
            Lang::Cs => format!(
                "        public Task<HttpResponseMessage> Delete{k}(long projectId, long id) =>\n            \
                 _http.DeleteAsync($\"{{Api}}/rest/v1.0/projects/{{projectId}}/documents/{{id}}\");\n\n"
            ),
            Lang::Go => format!(
                "func Projects{k}(base string, companyID int) (*http.Response, error) {{\n\t\
                 return http.Get(base + \"/rest/v1.0/projects?company_id=\" + fmt.Sprint(companyID))\n}}\n\n"
            ),
            Lang::Java => format!(
                "    public String me{k}() {{\n        \
                 return restTemplate.getForObject(api + \"/rest/v1.0/me\", String.class);\n    }}\n\n"
            ),
            Lang::Kt => format!(
                "    suspend fun submittals{k}(projectId: Long) =\n        \
                 client.get(\"$base/rest/v1.1/projects/$projectId/submittals\")\n\n"
            ),
            Lang::Php => format!(
                "    public function vendors{k}($companyId)\n    {{\n        \
                 return $this->client->request('PUT', '/rest/v1.0/companies/' . $companyId . '/vendors');\n    }}\n\n"
            ),
        }
    }
}

/// Source text of about 1-4 KB; with `call`, one Procore call in the middle.
fn source(lang: Lang, k: usize, rng: &mut Rng, call: bool) -> String {
    let target = 1024 + rng.below(3 * 1024) as usize;
    let mut text = lang.header(k);
    let mut f = 0;
    while text.len() < target {
        if call && f == 1 {
            text.push_str(&lang.call(k));
        }
        text.push_str(&lang.function(k * 10 + f, 2 + rng.below(97)));
        f += 1;
    }
    if call && f <= 1 {
        text.push_str(&lang.call(k));
    }
    text.push_str(lang.footer());
    text
}

fn write(path: &Path, text: &str) {
    if let Some(parent) = path.parent() {
        fs::create_dir_all(parent).expect("create folders");
    }
    fs::write(path, text).expect("write generated file");
}

/// Writes the tree; returns the number of calls planted in files that must be scanned.
fn generate(root: &Path) -> usize {
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut planted = 0;
    for i in 0..FILES {
        let lang = LANGS[i % LANGS.len()];
        let call = i % CALL_EVERY == 7;
        planted += usize::from(call);
        // 100 files a folder, four levels down: src/a3/b1/c7/.
        let path = format!(
            "src/a{}/b{}/c{}/file{i}.{}",
            i / 10_000,
            (i / 1_000) % 10,
            (i / 100) % 10,
            lang.ext()
        );
        write(&root.join(path), &source(lang, i, &mut rng, call));
    }
    // Folders that must not be scanned, each file with a call in it.
    fs::write(root.join(".gitignore"), "generated/\n").expect("write .gitignore");
    for i in 0..SKIPPED_FILES {
        let lang = LANGS[i % LANGS.len()];
        let text = source(lang, i, &mut rng, true);
        let name = format!("pkg{}/lib/index{i}.{}", i / 100, lang.ext());
        write(&root.join("node_modules").join(&name), &text);
        write(&root.join("generated").join(&name), &text);
    }
    planted
}

fn main() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    let started = Instant::now();
    let planted = generate(root);
    println!(
        "generated {FILES} source files ({planted} with a Procore call) plus {} in node_modules/ \
         and .gitignore'd generated/, in {:.1} s",
        2 * SKIPPED_FILES,
        started.elapsed().as_secs_f64()
    );

    let mut times = Vec::new();
    for run in 1..=3 {
        let started = Instant::now();
        let report = plumbline_scan::scan(root).expect("scan the generated tree");
        let elapsed = started.elapsed();
        let with_method = report.uses.iter().filter(|u| u.method.is_some()).count();
        println!(
            "run {run}: {} files scanned, {} skipped, {} uses ({with_method} with a method), {:.3} s",
            report.files_scanned,
            report.files_skipped,
            report.uses.len(),
            elapsed.as_secs_f64()
        );
        if report.files_scanned != FILES as u64 || report.uses.len() != planted {
            println!("  MISMATCH: expected {FILES} files scanned and {planted} uses");
        }
        times.push(elapsed);
    }
    times.sort();
    let median = times[times.len() / 2];
    let verdict = if median <= BUDGET {
        "within budget (5 s)"
    } else {
        "OVER BUDGET"
    };
    println!("median: {:.3} s, {verdict}", median.as_secs_f64());
}
