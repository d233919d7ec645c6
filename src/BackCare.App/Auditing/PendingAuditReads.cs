using System.Threading.Channels;
using BackCare.App.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace BackCare.App.Auditing;

/// <summary>
/// Read events waiting to be written to the audit table. Reads are audited off the request path (a
/// synchronous insert on every page view serialised SQLite writers: p95 over 300 ms under load); writes
/// of health data are still audited in the same unit of work as the change.
/// </summary>
public sealed class PendingAuditReads
{
    private readonly Channel<AuditEntry> _channel = Channel.CreateUnbounded<AuditEntry>(new UnboundedChannelOptions { SingleReader = true });

    public void Enqueue(AuditEntry entry) => _channel.Writer.TryWrite(entry);

    internal ChannelReader<AuditEntry> Reader => _channel.Reader;

    internal int Pending => _channel.Reader.Count;
}

/// <summary>Drains <see cref="PendingAuditReads"/> in batches; on shutdown writes whatever is left.</summary>
public sealed class AuditWriter(PendingAuditReads queue, IServiceScopeFactory scopes) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (await queue.Reader.WaitToReadAsync(stoppingToken))
            {
                await FlushAsync(CancellationToken.None);
            }
        }
        catch (OperationCanceledException)
        {
        }

        await FlushAsync(CancellationToken.None);
    }

    /// <summary>Writes every queued entry now (also used by tests and at shutdown).</summary>
    public async Task FlushAsync(CancellationToken ct)
    {
        var batch = new List<AuditEntry>();
        while (batch.Count < 500 && queue.Reader.TryRead(out var entry)) batch.Add(entry);
        if (batch.Count == 0) return;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        db.AuditEntries.AddRange(batch);
        await db.SaveChangesAsync(ct);
    }
}
