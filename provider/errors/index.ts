/**
 * The package's error taxonomy. A leaf (it imports only the service names).
 *
 * The package is loaded twice by design: once in the Pulumi program and once in the dynamic-provider host. So an
 * error is recognised by its identity, not by the copy of the class that made it: every class has a literal `name`,
 * a stable `code`, and a `Symbol.for` brand, with an `isX()` guard; `instanceof` checks the brand too, so it works
 * across copies. Every error says what failed, where, and what to do about it; none ever contains a credential.
 * @module
 */
export * from "./base";
export * from "./api";
export * from "./task";
