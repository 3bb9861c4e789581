// Site Diary's RFI panel: reads a project's RFIs and their change history.
import axios from "axios";

const BASE = "https://api.procore.com";

export async function listRfis(companyId: number, projectId: number) {
  const response = await axios.get(`${BASE}/rest/v1.0/projects/${projectId}/rfis?per_page=100`, {
    headers: { "Procore-Company-Id": String(companyId) },
  });
  return response.data;
}

export async function modelHistory(companyId: number, modelId: number) {
  const url = BASE + "/rest/v1.0/bim_models/" + modelId + "/change_history";
  const response = await fetch(url, { headers: { "Procore-Company-Id": String(companyId) } });
  return response.json();
}

export async function answerRfi(companyId: number, projectId: number, rfiId: number, body: string) {
  return axios.post(`${BASE}/rest/v1.0/projects/${projectId}/rfis/${rfiId}/replies`, { reply: { body } }, {
    headers: { "Procore-Company-Id": String(companyId) },
  });
}
