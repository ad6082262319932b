export function hello(): string { return "hi from package"; }
