/**
 * Where secrets live: the OS keychain. One small interface so the keychain library can be
 * swapped (keytar is archived upstream; Electron's safeStorage would be a one-file change).
 */
export interface SecretStore {
  get(account: string): Promise<string | null>;
  set(account: string, secret: string): Promise<void>;
  delete(account: string): Promise<boolean>;
}
