import MLOps

/// `mlops`: the house-prices pipeline (Kedro's `run`, `catalog`, `pipeline` commands), its
/// benchmark (`bench`), checksums of its results (`checksum`) and an Argo export (`export argo`).
///
///     mlops run --runner process            # shm (the default environment), one process per node
///     mlops run -e local --params multiplier=100
///     mlops bench --multipliers 1,10 --environments shm,local
@main
enum MLOpsMain {
    static func main() async { await MLOpsProject.main() }
}
