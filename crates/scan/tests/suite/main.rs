//! Integration tests: one module per language, then the walker and the errors.

mod csharp;
mod errors;
mod go;
mod java;
mod javascript;
mod kotlin;
mod php;
mod python;
mod robustness;
mod ruby;
mod support;
mod walk;
