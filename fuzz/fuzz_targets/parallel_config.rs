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
        assert_eq!(config.default_executor().label, "default");
        for label in config
            .mapping()
            .values()
            .flat_map(|actions| actions.values())
        {
            assert!(config.executors().iter().any(|e| &e.label == label));
        }
    }
});
