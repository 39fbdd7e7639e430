//! Any text, as a parallel config TOML file: parsing never panics, and a config that parses
//! names an executor for every action.
#![no_main]

use libfuzzer_sys::fuzz_target;
use qiime2::parallel::{ConfigSource, ParallelConfig};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let source = ConfigSource::File("fuzz.toml".into());
    if let Ok(config) = ParallelConfig::from_toml(text, source) {
        let default = config.default_executor().label.clone();
        assert!(config.executors().iter().any(|e| e.label == default));
        for label in config.mapping().values() {
            assert!(config.executors().iter().any(|e| &e.label == label));
        }
    }
});
