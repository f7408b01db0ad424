/**
 * Disclosure control that survives subtraction. A published table has additive identities (gross −
 * reimbursements = net; a total is the sum of its categories). Hiding a small cell is useless when an
 * identity lets a reader compute it from the published cells, so complementary cells are hidden until
 * no suppressed cell is determined by the identities: a suppressed cell is derivable exactly when its
 * unit vector lies in the row space of the identities restricted to the suppressed cells (exact rank
 * test in integers). Bounds from signs (a count is ≥ 0) are not considered: only exact recovery.
 */

/** An identity `Σ coefficient × cell = 0` over the cells of one table. */
export interface TableIdentity {
  /** Short name for tests and audits (e.g. `gross-reimbursements-net`). */
  readonly name: string;
  readonly terms: readonly { readonly cell: string; readonly coefficient: number }[];
}

/** `total = Σ parts` as an identity. */
export function sumIdentity(name: string, total: string, parts: readonly string[]): TableIdentity {
  return { name, terms: [{ cell: total, coefficient: 1 }, ...parts.map((cell) => ({ cell, coefficient: -1 }))] };
}

/** Rank of integer rows (fraction-free Gaussian elimination in BigInt). */
function rank(rows: readonly bigint[][]): number {
  const m = rows.map((r) => [...r]);
  const cols = m[0]?.length ?? 0;
  let r = 0;
  for (let c = 0; c < cols && r < m.length; c++) {
    const pivot = m.findIndex((row, i) => i >= r && row[c] !== 0n);
    if (pivot < 0) continue;
    [m[r], m[pivot]] = [m[pivot]!, m[r]!];
    const p = m[r]!;
    for (let i = 0; i < m.length; i++) {
      if (i === r || m[i]![c] === 0n) continue;
      const f = m[i]![c]!;
      m[i] = m[i]!.map((v, k) => v * p[c]! - p[k]! * f);
    }
    r += 1;
  }
  return r;
}

/**
 * The suppressed cells a reader can compute exactly from the published cells and the identities.
 * Cells not named in `suppressed` count as published (zeros included: they are public knowledge).
 */
export function derivableCells(suppressed: ReadonlySet<string>, identities: readonly TableIdentity[]): string[] {
  const unknowns = [...suppressed].sort();
  if (unknowns.length === 0) return [];
  const index = new Map(unknowns.map((c, i) => [c, i]));
  const rows = identities
    .map((id) => {
      const row = new Array<bigint>(unknowns.length).fill(0n);
      for (const t of id.terms) {
        const i = index.get(t.cell);
        if (i !== undefined) row[i] = row[i]! + BigInt(t.coefficient);
      }
      return row;
    })
    .filter((row) => row.some((v) => v !== 0n));
  if (rows.length === 0) return [];
  const base = rank(rows);
  return unknowns.filter((_, j) => {
    const unit = unknowns.map((__, k) => (k === j ? 1n : 0n));
    return rank([...rows, unit]) === base;
  });
}

/**
 * Adds complementary suppressions to `primary` until no suppressed cell is derivable: each round hides
 * the smallest non-zero published cell of an identity that determines a suppressed cell (ties by name;
 * a zero cell reveals nobody and stays published). Returns the full suppressed set.
 */
export function complementarySuppression(
  values: ReadonlyMap<string, number | bigint>,
  primary: ReadonlySet<string>,
  identities: readonly TableIdentity[],
): Set<string> {
  const suppressed = new Set(primary);
  const magnitude = (cell: string): bigint => {
    const v = BigInt(values.get(cell) ?? 0);
    return v < 0n ? -v : v;
  };
  for (;;) {
    const derivable = derivableCells(suppressed, identities);
    if (derivable.length === 0) return suppressed;
    const exposed = new Set(derivable);
    const candidates = identities
      .filter((id) => id.terms.some((t) => exposed.has(t.cell)))
      .flatMap((id) => id.terms.map((t) => t.cell))
      .filter((cell) => !suppressed.has(cell) && magnitude(cell) !== 0n);
    if (candidates.length === 0) {
      // Only zeros are left beside them: a cell determined by zeros alone is zero itself, and zeros
      // are published anyway (suppressed cells are never zero, so this does not happen in practice).
      return suppressed;
    }
    candidates.sort((a, b) => (magnitude(a) < magnitude(b) ? -1 : magnitude(a) > magnitude(b) ? 1 : a < b ? -1 : a > b ? 1 : 0));
    suppressed.add(candidates[0]!);
  }
}
