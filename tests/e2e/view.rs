//! `qiime tools view`: a visualization served over HTTP on 127.0.0.1, or its index path printed.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use qiime2::sdk::PluginManager;
use qiime2::usage::run_example;

use crate::common::{qiime_with_plugins, workspace_plugin_dir};

/// Runs mystery-stew's usage example into `dir`: returns its visualization and its artifact.
fn example_results(dir: &Path) -> (PathBuf, PathBuf) {
    let pm = PluginManager::load_from(vec![workspace_plugin_dir()]);
    let plugin = pm.plugin("mystery-stew").unwrap();
    let example = plugin
        .descriptor
        .actions
        .iter()
        .flat_map(|a| &a.examples)
        .next()
        .unwrap();
    let saved = run_example(&pm, plugin, example, dir).unwrap();
    let find = |extension: &str| {
        saved
            .iter()
            .map(|s| s.path.clone())
            .find(|p| p.extension().is_some_and(|e| e == extension))
            .unwrap()
    };
    (find("qzv"), find("qza"))
}

/// The bytes of the archive entry `<uuid>/data/index.html`.
fn archived_index(qzv: &Path) -> Vec<u8> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(qzv).unwrap()).unwrap();
    let mut bytes = Vec::new();
    for i in 0..archive.len() {
        let mut entry = archive.by_index(i).unwrap();
        let name = entry.name().unwrap().into_owned();
        if name.ends_with("/data/index.html") && name.matches('/').count() == 2 {
            entry.read_to_end(&mut bytes).unwrap();
            return bytes;
        }
    }
    panic!("{} has no data/index.html", qzv.display());
}

/// Kills the server when the test ends, even when it fails.
struct Server(std::process::Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_visualization_is_served_over_http() {
    let dir = tempfile::tempdir().unwrap();
    let (qzv, _) = example_results(dir.path());
    let program = qiime_with_plugins().get_program().to_owned();
    let mut server = Server(
        Command::new(program)
            .args(["tools", "view"])
            .arg(&qzv)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let mut url = String::new();
    BufReader::new(server.0.stdout.take().unwrap())
        .read_line(&mut url)
        .unwrap();
    let rest = url
        .trim()
        .strip_prefix("http://127.0.0.1:")
        .unwrap_or_else(|| panic!("no URL printed: {url:?}"));
    let (port, path) = rest.split_once('/').unwrap();
    assert_eq!(path, "index.html");
    let fetch = |target: &str| {
        let mut stream = TcpStream::connect(("127.0.0.1", port.parse::<u16>().unwrap())).unwrap();
        write!(stream, "GET {target} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).unwrap();
        let split = reply.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8(reply[..split].to_vec()).unwrap();
        (head, reply[split + 4..].to_vec())
    };
    let (head, body) = fetch("/index.html");
    assert!(head.starts_with("HTTP/1.0 200 OK"), "{head}");
    assert!(head.contains("Content-Type: text/html"), "{head}");
    assert_eq!(body, archived_index(&qzv));
    let (head, _) = fetch("/../../etc/passwd");
    assert!(head.starts_with("HTTP/1.0 404"), "{head}");
}

#[test]
fn index_only_prints_the_extracted_index() {
    let dir = tempfile::tempdir().unwrap();
    let (qzv, _) = example_results(dir.path());
    let out = qiime_with_plugins()
        .args(["tools", "view", "--index-only"])
        .arg(&qzv)
        .assert()
        .success();
    let printed = String::from_utf8(out.get_output().stdout.clone()).unwrap();
    let index = PathBuf::from(printed.trim_end());
    assert!(index.ends_with("data/index.html"), "{printed}");
    assert_eq!(std::fs::read(&index).unwrap(), archived_index(&qzv));
}

#[test]
fn an_artifact_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let (_, qza) = example_results(dir.path());
    let out = qiime_with_plugins()
        .args(["tools", "view"])
        .arg(&qza)
        .assert()
        .code(1)
        .stdout("");
    let err = String::from_utf8(out.get_output().stderr.clone()).unwrap();
    assert!(
        err.contains("it is an artifact of type IntSequence1, not a visualization"),
        "{err}"
    );
    assert_eq!(err.lines().count(), 1, "{err}");
}
