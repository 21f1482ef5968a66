/**
 * Sparse vector and matrix types shared by features and models.
 *
 * Training walks every example dozens of times, so the training set is packed
 * into one compressed-sparse-row matrix (three flat typed arrays) rather than
 * an array of small objects: the inner loops then read contiguous memory and
 * stay monomorphic, which is several times faster in V8.
 */

/** A sparse vector: parallel arrays of dimension indices and values. */
export interface SparseVector {
  idx: Int32Array;
  val: Float32Array;
}

/** Row i occupies positions indptr[i] .. indptr[i+1]-1 of indices/values. */
export interface CsrMatrix {
  rows: number;
  indptr: Int32Array;
  indices: Int32Array;
  values: Float64Array;
}

/** Packs sparse vectors into a CSR matrix (copying). */
export function toCsr(vectors: readonly SparseVector[]): CsrMatrix {
  let nnz = 0;
  for (const v of vectors) nnz += v.idx.length;
  const indptr = new Int32Array(vectors.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float64Array(nnz);
  let p = 0;
  vectors.forEach((v, i) => {
    indices.set(v.idx, p);
    for (let j = 0; j < v.val.length; j++) values[p + j] = v.val[j]!;
    p += v.idx.length;
    indptr[i + 1] = p;
  });
  return { rows: vectors.length, indptr, indices, values };
}
