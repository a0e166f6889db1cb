// Where `clocklab cluster up` puts a local cluster unless told otherwise, and where a run over
// NATS looks for one when given neither --cluster nor --nats. Its own file: --help loads it.
export const DEFAULT_CLUSTER_DIR = ".clocklab-cluster";
