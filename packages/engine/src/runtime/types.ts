export interface DecodeOptions {
  beamSize?: number;
  maxLength?: number;
}
