// Spec part exports; filled in by its issue.
export {};
