// The policy SDK's own handling of values that are unknown during a preview. The SDK keeps these helpers out of its
// type declarations, so they are typed here; the offline run uses the very same proxy the engine's analyzer uses.
interface UnknownValueErrorClass {
    new (sentinel: string, path: string[]): Error;
}

interface PolicyProxyModule {
    unknownCheckingProxy<T extends object>(target: T): T;
    UnknownValueError: UnknownValueErrorClass;
    unknownStringValue: string;
}

// eslint-disable-next-line @typescript-eslint/no-require-imports
const proxy = require("@pulumi/policy/proxy") as PolicyProxyModule;

/** Wraps inputs so that reading an unknown value throws, as in `pulumi preview`. */
export const unknownCheckingProxy = proxy.unknownCheckingProxy;

/** The value the engine puts where a string is not known yet. */
export const UNKNOWN_STRING: string = proxy.unknownStringValue;

export function isUnknownValueError(error: unknown): boolean {
    return error instanceof proxy.UnknownValueError;
}
