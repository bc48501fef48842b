import { useSyncExternalStore } from 'react';
import { getCredentialsVersion, onCredentialsChange } from './api';

/** Changes whenever the token or tenant changes, so data hooks refetch. */
export function useCredentialsVersion(): number {
  return useSyncExternalStore(onCredentialsChange, getCredentialsVersion, getCredentialsVersion);
}
