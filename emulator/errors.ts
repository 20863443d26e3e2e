// Bedrock's error wire format: a status code, the `x-amzn-ErrorType` header naming the exception,
// and a JSON body `{"message": "…"}`. The SDK builds its exception class from the header, so the
// name and status here are what the product ends up seeing.

export class EmulatorError extends Error {
  constructor(
    readonly status: number,
    readonly errorType: string,
    message: string,
  ) {
    super(message);
  }
}

export const validation = (message: string) => new EmulatorError(400, 'ValidationException', message);
export const accessDenied = (message: string) => new EmulatorError(403, 'AccessDeniedException', message);
export const notFound = (message: string) => new EmulatorError(404, 'ResourceNotFoundException', message);

/** Status of each Bedrock runtime exception, used by fault injection when only a name is given. */
export const STATUS_BY_ERROR_TYPE: Readonly<Record<string, number>> = {
  ValidationException: 400,
  AccessDeniedException: 403,
  ResourceNotFoundException: 404,
  ModelTimeoutException: 408,
  ModelErrorException: 424,
  ThrottlingException: 429,
  ModelNotReadyException: 429,
  ServiceQuotaExceededException: 400,
  InternalServerException: 500,
  ServiceUnavailableException: 503,
};

/** Default exception name for a status, used when a fault gives only a status code. */
export function errorTypeForStatus(status: number): string {
  switch (status) {
    case 400: return 'ValidationException';
    case 403: return 'AccessDeniedException';
    case 404: return 'ResourceNotFoundException';
    case 408: return 'ModelTimeoutException';
    case 424: return 'ModelErrorException';
    case 429: return 'ThrottlingException';
    case 503: return 'ServiceUnavailableException';
    default: return 'InternalServerException';
  }
}

export const DEFAULT_MESSAGES: Readonly<Record<string, string>> = {
  ThrottlingException: 'Too many requests, please wait before trying again.',
  InternalServerException: 'The server encountered an internal error while processing the request.',
  ServiceUnavailableException: 'Service is not available at this time. Try again later.',
  ModelTimeoutException: 'The request took too long to process. Processing time exceeded the model timeout length.',
  ModelErrorException: 'The system encountered an unexpected error during processing. Try your request again.',
  ModelNotReadyException: 'The model is not ready to serve inference requests. Try again later.',
  ModelStreamErrorException: 'The model encountered an error while streaming the response.',
  ValidationException: 'The request failed validation.',
};

/** `ThrottlingException` → `throttlingException`: the spelling of `:exception-type` in event frames. */
export function lowerCamel(name: string): string {
  return name.charAt(0).toLowerCase() + name.slice(1);
}

/** `throttlingException` → `ThrottlingException`. */
export function upperCamel(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}
