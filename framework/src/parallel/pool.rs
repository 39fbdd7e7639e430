//! A pool of worker threads that run jobs in the order they are submitted, started as the jobs
//! need them, never more than the machine can run.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::sync::{Arc, Mutex, PoisonError};
use std::thread::JoinHandle;

type Job = Box<dyn FnOnce() + Send + 'static>;

/// Most threads (or worker processes) per core that one executor is given: more only wait for
/// each other, and thousands at once exhaust the process's threads.
const PER_CORE: usize = 8;
/// The least cap, for machines with few cores (steps that wait on I/O gain from more).
const AT_LEAST: usize = 64;

/// Worker threads taking jobs from one queue; dropping the pool lets them finish and stop.
pub(crate) struct Pool {
    label: String,
    size: usize,
    queue: Option<Sender<Job>>,
    jobs: Arc<Mutex<Receiver<Job>>>,
    /// Jobs submitted and not yet taken by a worker.
    waiting: Arc<AtomicUsize>,
    /// Workers waiting for a job.
    idle: Arc<AtomicUsize>,
    workers: Mutex<Vec<JoinHandle<()>>>,
}

/// How many threads or worker processes an executor asking for `requested` gets: at most
/// [`PER_CORE`] per core (and at least [`AT_LEAST`]); `Err` with the cap when it asks for more.
pub(crate) fn capped(requested: usize) -> Result<usize, usize> {
    let cores = std::thread::available_parallelism().map_or(1, usize::from);
    let cap = (cores * PER_CORE).max(AT_LEAST);
    if requested > cap {
        Err(cap)
    } else {
        Ok(requested)
    }
}

impl Pool {
    /// A pool of up to `size` workers (at least one), named after `label`; they start as jobs
    /// come.
    pub(crate) fn new(label: &str, size: usize) -> Self {
        let (queue, jobs) = channel::<Job>();
        Self {
            label: label.to_owned(),
            size: size.max(1),
            queue: Some(queue),
            jobs: Arc::new(Mutex::new(jobs)),
            waiting: Arc::default(),
            idle: Arc::default(),
            workers: Mutex::default(),
        }
    }

    /// Queues `job`, starting a worker when none is free and the pool is not full.
    pub(crate) fn submit(&self, job: impl FnOnce() + Send + 'static) {
        let Some(queue) = &self.queue else {
            return;
        };
        self.waiting.fetch_add(1, Ordering::SeqCst);
        // Workers only stop once the queue is dropped, so the send cannot fail here.
        let _ = queue.send(Box::new(job));
        let mut workers = self.workers.lock().unwrap_or_else(PoisonError::into_inner);
        let free = self.idle.load(Ordering::SeqCst);
        if self.waiting.load(Ordering::SeqCst) > free && workers.len() < self.size {
            let started = self.start(workers.len());
            match started {
                Ok(worker) => workers.push(worker),
                // The jobs wait for the workers there are.
                Err(_) if !workers.is_empty() => {}
                Err(e) => panic!("cannot start a worker thread for {}: {e}", self.label),
            }
        }
    }

    fn start(&self, index: usize) -> std::io::Result<JoinHandle<()>> {
        let (jobs, waiting, idle) = (
            Arc::clone(&self.jobs),
            Arc::clone(&self.waiting),
            Arc::clone(&self.idle),
        );
        std::thread::Builder::new()
            .name(format!("q2rs-{}-{index}", self.label))
            .spawn(move || {
                loop {
                    idle.fetch_add(1, Ordering::SeqCst);
                    let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
                    idle.fetch_sub(1, Ordering::SeqCst);
                    match job {
                        Ok(job) => {
                            waiting.fetch_sub(1, Ordering::SeqCst);
                            job();
                        }
                        Err(_) => break,
                    }
                }
            })
    }
}

impl Drop for Pool {
    fn drop(&mut self) {
        self.queue.take();
        let current = std::thread::current().id();
        let workers = std::mem::take(
            self.workers
                .get_mut()
                .unwrap_or_else(PoisonError::into_inner),
        );
        for worker in workers {
            // The last owner may be a job on one of the workers: it cannot wait for itself.
            if worker.thread().id() != current {
                let _ = worker.join();
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::mpsc::sync_channel;

    use super::*;

    #[test]
    fn workers_start_as_jobs_need_them_up_to_the_size() {
        let pool = Pool::new("t", 3);
        assert_eq!(pool.workers.lock().unwrap().len(), 0, "none before a job");
        let (release_tx, release_rx) = sync_channel::<()>(0);
        let release = Arc::new(Mutex::new(release_rx));
        let (done_tx, done_rx) = channel();
        for i in 0..5 {
            let (release, done) = (Arc::clone(&release), done_tx.clone());
            pool.submit(move || {
                let _ = release.lock().unwrap().recv();
                done.send(i).unwrap();
            });
        }
        assert_eq!(pool.workers.lock().unwrap().len(), 3, "capped by the size");
        for _ in 0..5 {
            release_tx.send(()).unwrap();
        }
        let mut finished: Vec<i32> = (0..5).map(|_| done_rx.recv().unwrap()).collect();
        finished.sort();
        assert_eq!(finished, [0, 1, 2, 3, 4]);
    }

    #[test]
    fn a_free_worker_takes_the_next_job_without_a_new_thread() {
        let pool = Pool::new("t", 10);
        let (done_tx, done_rx) = channel();
        for i in 0..20 {
            let done = done_tx.clone();
            pool.submit(move || done.send(i).unwrap());
            assert_eq!(done_rx.recv().unwrap(), i);
            // The worker that ran it is idle again before the next job comes.
            while pool.idle.load(Ordering::SeqCst) == 0 {
                std::thread::yield_now();
            }
        }
        assert_eq!(pool.workers.lock().unwrap().len(), 1);
    }

    #[test]
    fn requests_past_the_machines_means_are_capped() {
        assert_eq!(capped(4), Ok(4));
        let cap = capped(20_000).unwrap_err();
        assert!((AT_LEAST..20_000).contains(&cap), "{cap}");
        assert_eq!(capped(cap), Ok(cap));
    }
}
