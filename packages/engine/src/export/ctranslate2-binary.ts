/**
 * CTranslate2's model.bin (binary version 6), as its Python spec API writes it (ctranslate2/specs/model_spec.py,
 * `_serialize`): little-endian; strings as uint16 length (with the NUL) + UTF-8 + NUL; then the spec name and
 * revision, every variable sorted by name (rank, uint32 dims, dtype id, uint32 byte count, raw data), and aliases.
 */

/** Dtype ids of CTranslate2's DataType enum (include/ctranslate2/types.h). */
export const CT2_DTYPE = { float32: 0, int8: 1, int16: 2, int32: 3 } as const;

export interface Ct2Variable {
  shape: number[];
  dtype: keyof typeof CT2_DTYPE;
  data: Float32Array | Int8Array | Int16Array | Int32Array;
}

const BINARY_VERSION = 6;

export function ct2ModelBinary(spec: { name: string; revision: number }, variables: Map<string, Ct2Variable>, aliases: Map<string, string>): Buffer {
  const parts: Buffer[] = [];
  const u8 = (value: number) => { const b = Buffer.alloc(1); b.writeUInt8(value); parts.push(b); };
  const u16 = (value: number) => { const b = Buffer.alloc(2); b.writeUInt16LE(value); parts.push(b); };
  const u32 = (value: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(value); parts.push(b); };
  const string = (value: string) => { const bytes = Buffer.from(value, "utf8"); u16(bytes.length + 1); parts.push(bytes, Buffer.alloc(1)); };
  u32(BINARY_VERSION);
  string(spec.name);
  u32(spec.revision);
  u32(variables.size);
  for (const name of [...variables.keys()].sort()) {
    const variable = variables.get(name)!;
    const expected = variable.shape.reduce((product, dim) => product * dim, 1);
    if (variable.data.length !== expected) throw new Error(`${name}: ${variable.data.length} values for shape [${variable.shape.join(", ")}]`);
    string(name);
    u8(variable.shape.length);
    for (const dim of variable.shape) u32(dim);
    u8(CT2_DTYPE[variable.dtype]);
    const bytes = Buffer.from(variable.data.buffer, variable.data.byteOffset, variable.data.byteLength);
    u32(bytes.length);
    parts.push(Buffer.from(bytes));
  }
  u32(aliases.size);
  for (const [alias, target] of [...aliases].sort(([a], [b]) => a.localeCompare(b))) {
    string(alias);
    string(target);
  }
  return Buffer.concat(parts);
}
