using System.Collections.Concurrent;
using Monitor.Host.Store;

namespace Monitor.Host.Api;

/// <summary>
/// Store connections for concurrent API requests. A <see cref="MonitorStore"/> holds one connection and is not
/// thread-safe, so each request leases one of its own; leases are returned and reused (opening a connection costs more
/// than a query), and at most <see cref="MaxIdle"/> idle ones are kept. SQLite in WAL mode lets these readers run
/// beside the scheduler's writer.
/// </summary>
internal sealed class StorePool : IDisposable
{
    /// <summary>Idle connections kept for reuse: 64 (a request may hold two: the key check and the endpoint).</summary>
    public const int MaxIdle = 64;

    private readonly ConcurrentBag<MonitorStore> idle = [];
    private int idleCount;
    private bool disposed;

    public StorePool(StoreLocation location)
    {
        Location = location;
    }

    /// <summary>A pool over the SQLite file at <paramref name="storePath"/>.</summary>
    public StorePool(string storePath)
        : this(StoreLocation.Sqlite(storePath))
    {
    }

    /// <summary>The store (<c>STATE/monitor.db</c>, or the PostgreSQL database).</summary>
    public StoreLocation Location { get; }

    /// <summary>The SQLite file's path, or the PostgreSQL connection string.</summary>
    public string StorePath => Location.Target;

    /// <summary>A store for the caller alone until the lease is disposed.</summary>
    public Lease Rent()
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        while (idle.TryTake(out var store))
        {
            Interlocked.Decrement(ref idleCount);
            if (store.IsOpen)
            {
                return new Lease(this, store);
            }

            store.Dispose();
        }

        return new Lease(this, MonitorStore.Open(Location));
    }

    public void Dispose()
    {
        disposed = true;
        while (idle.TryTake(out var store))
        {
            store.Dispose();
        }
    }

    private void Return(MonitorStore store)
    {
        // A store whose connection broke (the database restarted) is not kept: the next lease opens a new connection.
        if (!store.IsOpen)
        {
            store.Dispose();
            return;
        }

        if (disposed || Interlocked.Increment(ref idleCount) > MaxIdle)
        {
            if (!disposed)
            {
                Interlocked.Decrement(ref idleCount);
            }

            store.Dispose();
            return;
        }

        idle.Add(store);
    }

    /// <summary>A leased store; dispose to give it back.</summary>
    public readonly struct Lease : IDisposable
    {
        private readonly StorePool pool;

        internal Lease(StorePool pool, MonitorStore store)
        {
            this.pool = pool;
            Store = store;
        }

        public MonitorStore Store { get; }

        public void Dispose() => pool.Return(Store);
    }
}
