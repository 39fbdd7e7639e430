//! A fixed pool of worker threads that run jobs in the order they are submitted.

use std::sync::mpsc::{Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

type Job = Box<dyn FnOnce() + Send + 'static>;

/// Worker threads taking jobs from one queue; dropping the pool lets them finish and stop.
pub(crate) struct Pool {
    queue: Option<Sender<Job>>,
    workers: Vec<JoinHandle<()>>,
}

impl Pool {
    /// A pool of `size` workers (at least one), named after `label`.
    pub(crate) fn new(label: &str, size: usize) -> Self {
        let (queue, jobs) = channel::<Job>();
        let jobs = Arc::new(Mutex::new(jobs));
        let workers = (0..size.max(1))
            .map(|i| {
                let jobs = Arc::clone(&jobs);
                std::thread::Builder::new()
                    .name(format!("q2rs-{label}-{i}"))
                    .spawn(move || {
                        loop {
                            let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
                            match job {
                                Ok(job) => job(),
                                Err(_) => break,
                            }
                        }
                    })
                    .expect("a worker thread starts")
            })
            .collect();
        Self {
            queue: Some(queue),
            workers,
        }
    }

    /// Queues `job`.
    pub(crate) fn submit(&self, job: impl FnOnce() + Send + 'static) {
        if let Some(queue) = &self.queue {
            // Workers only stop once the queue is dropped, so the send cannot fail here.
            let _ = queue.send(Box::new(job));
        }
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.queue.take();
        let current = std::thread::current().id();
        for worker in self.workers.drain(..) {
            // The last owner may be a job on one of the workers: it cannot wait for itself.
            if worker.thread().id() != current {
                let _ = worker.join();
            }
        }
    }
}
