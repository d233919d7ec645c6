using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace BackCare.App.Data;

/// <summary>
/// Items waiting to be written by a <see cref="GroupCommitWriter{TItem, TResult}"/>, each with a task that completes
/// with its result once the batch holding it is committed (or faults if it could not be). Callers on many requests
/// enqueue; one writer commits what has gathered in one transaction, so durability costs one commit per batch.
/// </summary>
public class GroupCommitInbox<TItem, TResult>
{
    private readonly Channel<Pending> _channel = Channel.CreateUnbounded<Pending>(new UnboundedChannelOptions { SingleReader = true });

    /// <summary>Queues an item; the task completes when its batch is committed.</summary>
    public Task<TResult> Enqueue(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_channel.Writer.TryWrite(new Pending(item, done)))
        {
            done.SetException(new InvalidOperationException($"The {typeof(TItem).Name} writer has stopped: nothing more can be committed."));
        }

        return done.Task;
    }

    internal ChannelReader<Pending> Reader => _channel.Reader;

    internal void Complete() => _channel.Writer.TryComplete();

    internal readonly record struct Pending(TItem Item, TaskCompletionSource<TResult> Done);
}

/// <summary>
/// The one writer of a <see cref="GroupCommitInbox{TItem, TResult}"/>: takes every queued item (up to
/// <c>maxBatch</c>), writes them together through <see cref="WriteAsync"/> in a DI scope and releases their
/// callers; while a batch commits, the next one gathers. On shutdown it writes whatever is left before the host stops.
/// The scope is fresh for every batch, unless <c>reuseScope</c> says the writer keeps no state in it between batches
/// (plain SQL, no change tracking): then one scope serves batch after batch, so its database context is set up once,
/// and a batch that fails discards it.
/// </summary>
public abstract class GroupCommitWriter<TItem, TResult>(
    GroupCommitInbox<TItem, TResult> queue, IServiceScopeFactory scopes, ILogger logger, int maxBatch, bool reuseScope = false) : BackgroundService
{
    private IServiceScope? _kept;
    private bool _disposed;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            // Not tied to stoppingToken: the loop ends when StopAsync completes the queue and the last batch is written.
            while (await queue.Reader.WaitToReadAsync(CancellationToken.None))
            {
                await FlushAsync(CancellationToken.None);
            }
        }
        finally
        {
            // The loop owns a kept scope: it goes while the services it uses are still there.
            await DisposeAsync(Interlocked.Exchange(ref _kept, null));
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.Complete();
        await base.StopAsync(cancellationToken);
    }

    /// <summary>Writes the queued items now, together (the loop's step; also used by tests).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var batch = new List<GroupCommitInbox<TItem, TResult>.Pending>();
        while (batch.Count < maxBatch && queue.Reader.TryRead(out var pending)) batch.Add(pending);
        if (batch.Count == 0) return;
        IServiceScope? scope = null;
        try
        {
            // Taken, not shared: a flush that overlaps another makes its own scope.
            scope = Interlocked.Exchange(ref _kept, null) ?? scopes.CreateScope();
            var results = await WriteAsync(scope.ServiceProvider, [.. batch.Select(p => p.Item)], ct);
            for (var i = 0; i < batch.Count; i++) batch[i].Done.TrySetResult(results[i]);
            if (reuseScope && Interlocked.CompareExchange(ref _kept, scope, null) is null)
            {
                scope = null;

                // Disposed meanwhile (the host stopping while this batch was written): nothing will use it again.
                if (Volatile.Read(ref _disposed)) scope = Interlocked.Exchange(ref _kept, null);
            }
        }
#pragma warning disable CA1031 // Every waiting caller must learn that its item was not written; none may hang.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            GroupCommitLog.BatchFailed(logger, ex, batch.Count, typeof(TItem).Name);
            foreach (var pending in batch) pending.Done.TrySetException(ex);
        }
        finally
        {
            await DisposeAsync(scope);
        }
    }

    public override void Dispose()
    {
        Volatile.Write(ref _disposed, true);
        Interlocked.Exchange(ref _kept, null)?.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task DisposeAsync(IServiceScope? scope)
    {
        if (scope is null) return;
        try
        {
            await new AsyncServiceScope(scope).DisposeAsync();
        }
#pragma warning disable CA1031 // A scope that fails to close must not stop the writer: its callers already have their answers.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            GroupCommitLog.ScopeDisposeFailed(logger, ex, typeof(TItem).Name);
        }
    }

    /// <summary>Writes the batch in one transaction; returns one result per item, in order.</summary>
    protected abstract Task<IReadOnlyList<TResult>> WriteAsync(IServiceProvider services, IReadOnlyList<TItem> batch, CancellationToken ct);
}

internal static partial class GroupCommitLog
{
    [LoggerMessage(Level = LogLevel.Error, Message = "Could not write a batch of {Count} {Kind} item(s); their callers are refused")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count, string kind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not close the scope of the {Kind} writer")]
    public static partial void ScopeDisposeFailed(ILogger logger, Exception exception, string kind);
}
