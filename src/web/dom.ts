// Small DOM helpers. Every string that came from a log goes in through textContent (or an
// attribute), never as HTML, so a machine id or a drop reason can never become markup.

export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  options: { className?: string; text?: string; title?: string } = {},
  children: Node[] = [],
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (options.className !== undefined) node.className = options.className;
  if (options.text !== undefined) node.textContent = options.text;
  if (options.title !== undefined) node.title = options.title;
  for (const child of children) node.append(child);
  return node;
}

export function byId<T extends HTMLElement>(id: string): T {
  const node = document.getElementById(id);
  if (node === null) throw new Error(`the page has no #${id}`);
  return node as T;
}

export function clear(node: Node): void {
  while (node.firstChild !== null) node.removeChild(node.firstChild);
}

/** A two-column table of label → value rows. */
export function definitionRows(rows: Array<[string, string]>): HTMLTableElement {
  const table = element("table", { className: "pairs" });
  for (const [label, value] of rows) {
    const row = element("tr", {}, [element("th", { text: label }), element("td", { text: value })]);
    table.append(row);
  }
  return table;
}
