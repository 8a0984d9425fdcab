// The spec's `WorldError` variants. Every validation reason names the offending parameter.

export abstract class WorldError extends Error {}

/** `DistributedValidationFailed { reason }`: bad parameters or ids. Nothing was written. */
export class ValidationError extends WorldError {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'ValidationError';
  }
}

/** `Io(msg)`: a file-system failure, with the file it concerns. */
export class IoError extends WorldError {
  constructor(
    message: string,
    readonly path?: string,
    readonly code?: string,
  ) {
    super(message);
    this.name = 'IoError';
  }
}

/** `Serde(msg)`: a file that cannot be decoded, naming the file. The file is left as it was. */
export class SerdeError extends WorldError {
  constructor(
    message: string,
    readonly path?: string,
  ) {
    super(message);
    this.name = 'SerdeError';
  }
}
