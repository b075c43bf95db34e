/**
 * Emulation of CPython 3.x `set` iteration order for non-negative integer keys (hash(n) = n),
 * written from the documented behavior of CPython's open-addressing set table (linear probes of
 * 9 then perturbed probing, resize at 60% fill to 4x used, `a | b` = copy of a then merge of b).
 *
 * Used ONLY to reproduce session-rec's neighbor tie-breaking exactly (SKNN / V-SKNN take the k
 * most similar sessions with a stable sort over a Python set's iteration order). Production
 * recommendation does not need it.
 */
const MINSIZE = 8;
const LINEAR_PROBES = 9;
const EMPTY = -1;

function insertClean(table: Int32Array, mask: number, key: number): void {
  let perturb = key;
  let i = key & mask;
  for (;;) {
    if (table[i] === EMPTY) {
      table[i] = key;
      return;
    }
    if (i + LINEAR_PROBES <= mask) {
      for (let j = 1; j <= LINEAR_PROBES; j++) {
        if (table[i + j] === EMPTY) {
          table[i + j] = key;
          return;
        }
      }
    }
    perturb = Math.floor(perturb / 32); // perturb >>= 5 (unsigned)
    i = (i * 5 + 1 + perturb) & mask;
  }
}

export class PyIntSet {
  mask = MINSIZE - 1;
  table: Int32Array = new Int32Array(MINSIZE).fill(EMPTY);
  used = 0;

  get size(): number {
    return this.used;
  }

  private resize(minused: number): void {
    let newsize = MINSIZE;
    while (newsize <= minused) newsize *= 2;
    const old = this.table;
    const table = new Int32Array(newsize).fill(EMPTY);
    const mask = newsize - 1;
    for (let i = 0; i < old.length; i++) if (old[i] !== EMPTY) insertClean(table, mask, old[i]);
    this.table = table;
    this.mask = mask;
  }

  add(key: number): void {
    if (!(key >= 0 && key <= 0x7fffffff)) throw new Error('PyIntSet: keys must be int32 >= 0');
    const table = this.table;
    const mask = this.mask;
    let i = key & mask;
    let perturb = key;
    for (;;) {
      const probes = i + LINEAR_PROBES <= mask ? LINEAR_PROBES : 0;
      for (let j = 0; j <= probes; j++) {
        const v = table[i + j];
        if (v === EMPTY) {
          table[i + j] = key;
          this.used++;
          // no deletions, so fill == used
          if (this.used * 5 >= mask * 3) this.resize(this.used > 50000 ? this.used * 2 : this.used * 4);
          return;
        }
        if (v === key) return;
      }
      perturb = Math.floor(perturb / 32);
      i = (i * 5 + 1 + perturb) & mask;
    }
  }

  /** CPython set_merge(this, other) */
  merge(other: PyIntSet): void {
    if (other.used === 0) return;
    if ((this.used + other.used) * 5 >= this.mask * 3) this.resize((this.used + other.used) * 2);
    if (this.used === 0 && this.mask === other.mask) {
      this.table = other.table.slice();
      this.used = other.used;
      return;
    }
    const ot = other.table;
    if (this.used === 0) {
      for (let i = 0; i < ot.length; i++) if (ot[i] !== EMPTY) insertClean(this.table, this.mask, ot[i]);
      this.used = other.used;
      return;
    }
    for (let i = 0; i < ot.length; i++) if (ot[i] !== EMPTY) this.add(ot[i]);
  }

  /** `a | b` */
  static union(a: PyIntSet, b: PyIntSet): PyIntSet {
    const r = new PyIntSet();
    r.merge(a);
    if (a !== b) r.merge(b);
    return r;
  }

  /** keys in iteration order */
  keys(): number[] {
    const out: number[] = [];
    const t = this.table;
    for (let i = 0; i < t.length; i++) if (t[i] !== EMPTY) out.push(t[i]);
    return out;
  }
}
