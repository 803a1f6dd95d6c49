#include "thread-pool.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace {

struct Job {
  const std::function<void(int64_t)>* body;
  int64_t chunks;
  std::atomic<int64_t> next{0};
};

void WorkOn(Job& job) {
  for (int64_t chunk = job.next.fetch_add(1); chunk < job.chunks; chunk = job.next.fetch_add(1)) (*job.body)(chunk);
}

class Pool {
 public:
  void Run(Job& job, int threads) {
    Grow(threads - 1);
    {
      std::lock_guard<std::mutex> lock(mutex_);
      job_ = &job;
      wanted_ = threads - 1;
      ++generation_;
    }
    wake_.notify_all();
    WorkOn(job);
    std::unique_lock<std::mutex> lock(mutex_);
    job_ = nullptr;  // threads that have not joined yet will find nothing to do
    idle_.wait(lock, [this] { return active_ == 0; });
  }

 private:
  void Grow(int count) {
    while (static_cast<int>(threads_) < count) {
      std::thread([this] { Loop(); }).detach();
      ++threads_;
    }
  }

  void Loop() {
    uint64_t seen = 0;
    std::unique_lock<std::mutex> lock(mutex_);
    for (;;) {
      wake_.wait(lock, [&] { return generation_ != seen; });
      seen = generation_;
      if (job_ == nullptr || wanted_ == 0) continue;
      --wanted_;
      Job* job = job_;
      ++active_;
      lock.unlock();
      WorkOn(*job);
      lock.lock();
      if (--active_ == 0) idle_.notify_all();
    }
  }

  std::mutex mutex_;
  std::condition_variable wake_, idle_;
  Job* job_ = nullptr;
  uint64_t generation_ = 0;
  int wanted_ = 0, active_ = 0;
  size_t threads_ = 0;
};

Pool& SharedPool() {
  static Pool* pool = new Pool();  // never destroyed: its detached threads outlive static destructors
  return *pool;
}

int g_threads = 1;

}  // namespace

void ParallelFor(int64_t chunks, int threads, const std::function<void(int64_t)>& body) {
  if (threads <= 1 || chunks < 2) {
    for (int64_t chunk = 0; chunk < chunks; ++chunk) body(chunk);
    return;
  }
  Job job;
  job.body = &body;
  job.chunks = chunks;
  SharedPool().Run(job, static_cast<int>(std::min<int64_t>(threads, chunks)));
}

void ParallelForRanges(int64_t n, int64_t chunkSize, int threads, const std::function<void(int64_t, int64_t)>& body) {
  ParallelFor((n + chunkSize - 1) / chunkSize, threads, [&](int64_t chunk) {
    const int64_t begin = chunk * chunkSize;
    body(begin, std::min(n, begin + chunkSize));
  });
}

int AddonThreads() { return g_threads; }

void SetAddonThreads(int threads) { g_threads = std::max(1, std::min(64, threads)); }
