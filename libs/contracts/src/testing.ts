// Test-only entry: sample Asleep payloads for specs across the workspace.
export * from './asleep/fixtures';
