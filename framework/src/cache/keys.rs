//! Keys: `keys/<key>` files naming the result or the pool a key holds, in QIIME 2's YAML:
//! `origin:` (the key), `data:` (a result's UUID or empty), `pool:` (a pool's name or empty).

use std::path::Path;

use uuid::Uuid;

use super::error::CacheError;
use super::root::Cache;

/// What a key holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum KeyTarget {
    /// A result, by UUID (in `data/`).
    Data(Uuid),
    /// A pool, by name (in `pools/`).
    Pool(String),
}

/// Checks that `key` can name a key or a pool: an identifier (letters, digits, `_`; not
/// starting with a digit), as QIIME 2 requires.
pub fn check_key(key: &str) -> Result<(), CacheError> {
    let mut chars = key.chars();
    let first_ok = chars.next().is_some_and(|c| c.is_alphabetic() || c == '_');
    if first_ok && chars.all(|c| c.is_alphanumeric() || c == '_') {
        Ok(())
    } else {
        Err(CacheError::BadKey {
            key: key.to_owned(),
        })
    }
}

/// The key file's text.
fn render(key: &str, target: &KeyTarget) -> String {
    let (data, pool) = match target {
        KeyTarget::Data(uuid) => (uuid.to_string(), String::new()),
        KeyTarget::Pool(name) => (String::new(), name.clone()),
    };
    format!("origin:\n {key}\ndata:\n {data}\npool:\n {pool}\n")
}

#[derive(serde::Deserialize)]
struct KeyFile {
    data: Option<String>,
    pool: Option<String>,
}

/// Reads a key file's text.
fn parse(text: &str, path: &Path) -> Result<KeyTarget, CacheError> {
    let bad = |reason: String| CacheError::BadFile {
        path: path.to_path_buf(),
        reason,
    };
    let file: KeyFile = serde_norway::from_str(text).map_err(|e| bad(e.to_string()))?;
    let present = |v: Option<String>| v.filter(|s| !s.trim().is_empty());
    match (present(file.data), present(file.pool)) {
        (Some(data), None) => Uuid::parse_str(data.trim())
            .map(KeyTarget::Data)
            .map_err(|_| bad(format!("'data' is {data:?}, not a UUID"))),
        (None, Some(pool)) => Ok(KeyTarget::Pool(pool.trim().to_owned())),
        (Some(_), Some(_)) => Err(bad("it names both data and a pool".to_owned())),
        (None, None) => Err(bad("it names neither data nor a pool".to_owned())),
    }
}

impl Cache {
    /// What `key` holds.
    pub fn read_key(&self, key: &str) -> Result<KeyTarget, CacheError> {
        check_key(key)?;
        let path = self.dir("keys").join(key);
        match std::fs::read_to_string(&path) {
            Ok(text) => parse(&text, &path),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(CacheError::NoSuchKey {
                cache: self.path().to_path_buf(),
                key: key.to_owned(),
            }),
            Err(e) => Err(CacheError::io(&path, &e)),
        }
    }

    /// Every key of the cache with what it holds, by name.
    pub fn keys(&self) -> Result<Vec<(String, KeyTarget)>, CacheError> {
        let dir = self.dir("keys");
        let mut keys = Vec::new();
        for entry in std::fs::read_dir(&dir).map_err(|e| CacheError::io(&dir, &e))? {
            let entry = entry.map_err(|e| CacheError::io(&dir, &e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(entry.path())
                .map_err(|e| CacheError::io(&entry.path(), &e))?;
            keys.push((name, parse(&text, &entry.path())?));
        }
        keys.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(keys)
    }

    /// Makes `key` hold `target` (replacing what it held), atomically.
    pub(crate) fn write_key(&self, key: &str, target: &KeyTarget) -> Result<(), CacheError> {
        check_key(key)?;
        self.write_atomic(&self.dir("keys").join(key), render(key, target).as_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_files_read_back_and_bad_ones_are_named() {
        let uuid = Uuid::new_v4();
        let path = Path::new("keys/k");
        for target in [KeyTarget::Data(uuid), KeyTarget::Pool("p".into())] {
            assert_eq!(parse(&render("k", &target), path).unwrap(), target);
        }
        assert_eq!(
            render("k", &KeyTarget::Data(uuid)),
            format!("origin:\n k\ndata:\n {uuid}\npool:\n \n")
        );
        let err = parse("origin:\n k\ndata:\n nope\npool:\n\n", path).unwrap_err();
        assert!(
            err.to_string().contains("keys/k is damaged: 'data' is"),
            "{err}"
        );
        assert!(parse("{", path).is_err());
    }

    #[test]
    fn keys_are_identifiers() {
        for good in ["a", "_x1", "recycle_dwq2_search_0af"] {
            assert!(check_key(good).is_ok(), "{good}");
        }
        for bad in ["", "1a", "a-b", "a/b", "..", "a b"] {
            let err = check_key(bad).unwrap_err();
            assert!(err.to_string().contains("is not a valid key"), "{err}");
        }
    }
}
