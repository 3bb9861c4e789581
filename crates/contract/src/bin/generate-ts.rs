//! Writes the IPC contract's TypeScript to `ui/src/ipc/contract.ts`.

use std::path::Path;

fn main() -> std::io::Result<()> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(plumbline_contract::GENERATED_TS_PATH);
    std::fs::write(&path, plumbline_contract::typescript())?;
    println!("wrote {}", path.display());
    Ok(())
}
