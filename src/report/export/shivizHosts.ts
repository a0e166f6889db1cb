// ShiViz host names for machine ids: ShiViz reads a host as one word (`\S*`), so whitespace
// becomes `_`; ids that would then collide (`a b` and `a_b`) get a `~2`, `~3`, ... suffix, so two
// machines never share one ShiViz line.

function oneWord(id: string): string {
  return id.replace(/\s/g, "_") || "_";
}

export class ShivizHosts {
  readonly #names = new Map<string, string>();
  readonly #taken = new Set<string>();

  constructor(machineIds: string[]) {
    // Ids that are already one word keep their name, whatever their order.
    for (const id of machineIds) if (oneWord(id) === id) this.name(id);
    for (const id of machineIds) this.name(id);
  }

  /** The machines named so far, in the order they were named. */
  get machines(): string[] {
    return [...this.#names.keys()];
  }

  name(id: string): string {
    let name = this.#names.get(id);
    if (name === undefined) {
      name = oneWord(id);
      for (let n = 2; this.#taken.has(name); n++) name = `${oneWord(id)}~${n}`;
      this.#names.set(id, name);
      this.#taken.add(name);
    }
    return name;
  }
}
