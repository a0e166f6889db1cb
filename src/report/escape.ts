// HTML escaping for every string that reaches the report: machine ids, message ids, payloads and
// config values all come from logs a user may not control; `<script>` must show as text.

const REPLACEMENTS: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Escapes text for element content and for quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => REPLACEMENTS[c]!);
}
