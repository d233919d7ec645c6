using BackCare.App.Data;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace BackCare.App.Tests.Data;

/// <summary>
/// The group-commit writer's scopes: fresh for every batch by default (the audit writer tracks entities); kept from
/// batch to batch when the writer says it holds no state there (the JWT replay cache), and thrown away after a batch
/// that fails, so a broken connection is not used again.
/// </summary>
public sealed class GroupCommitWriterTests
{
    [Fact]
    public async Task A_writer_that_keeps_its_scope_uses_one_until_a_batch_fails()
    {
        await using var provider = Services();
        var writer = new Recording(provider, reuseScope: true);

        var first = await WriteAsync(writer, 1);
        var second = await WriteAsync(writer, 2);
        Assert.Same(first, second);
        Assert.False(first.Disposed);

        writer.FailNext = true;
        var failed = writer.Inbox.Enqueue(3);
        await writer.FlushAsync(default);
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => failed);
        Assert.Equal("the database went away", error.Message);
        Assert.True(first.Disposed);

        var third = await WriteAsync(writer, 4);
        Assert.NotSame(first, third);
        Assert.False(third.Disposed);

        writer.Dispose();
        Assert.True(third.Disposed);
    }

    [Fact]
    public async Task By_default_every_batch_has_a_fresh_scope_disposed_after_it()
    {
        await using var provider = Services();
        var writer = new Recording(provider, reuseScope: false);

        var first = await WriteAsync(writer, 1);
        var second = await WriteAsync(writer, 2);
        Assert.NotSame(first, second);
        Assert.True(first.Disposed);
        Assert.True(second.Disposed);
    }

    [Fact]
    public async Task A_scope_that_cannot_be_made_fails_the_batch_and_the_writer_goes_on()
    {
        await using var provider = Services();
        var factory = new FailingOnce(provider.GetRequiredService<IServiceScopeFactory>());
        var writer = new Recording(provider, reuseScope: true, factory);

        var refused = writer.Inbox.Enqueue(1);
        await writer.FlushAsync(default);
        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => refused);
        Assert.Contains("no scope", error.Message, StringComparison.Ordinal);

        var written = await WriteAsync(writer, 2);
        Assert.False(written.Disposed);
    }

    [Fact]
    public async Task A_scope_handed_back_after_the_writer_was_disposed_is_closed_not_kept()
    {
        await using var provider = Services();
        var writer = new Recording(provider, reuseScope: true);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        writer.Hold = release.Task;

        var written = writer.Inbox.Enqueue(1);
        var flushing = writer.FlushAsync(default);
        writer.Dispose();
        release.SetResult();
        await flushing;

        Assert.Equal(10, await written);
        Assert.True(writer.LastScope!.Disposed);
    }

    [Fact]
    public async Task A_running_writer_commits_each_item_without_waiting_for_more()
    {
        await using var provider = Services();
        var writer = new Recording(provider, reuseScope: true);
        await writer.StartAsync(default);
        try
        {
            // Two items 200 ms apart go in two batches: the writer does not hold a batch open for more.
            var first = writer.Inbox.Enqueue(1);
            await Task.Delay(200);
            var second = writer.Inbox.Enqueue(2);
            var results = await Task.WhenAll(first, second);
            Assert.Equal([10, 20], results);
            Assert.Equal([1, 1], writer.BatchSizes);
        }
        finally
        {
            await writer.StopAsync(default);
        }
    }

    private static ServiceProvider Services() =>
        new ServiceCollection().AddScoped<ScopeMarker>().BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });

    private static async Task<ScopeMarker> WriteAsync(Recording writer, int item)
    {
        var written = writer.Inbox.Enqueue(item);
        await writer.FlushAsync(default);
        Assert.Equal(item * 10, await written);
        return writer.LastScope!;
    }

    private sealed class ScopeMarker : IDisposable
    {
        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private sealed class Recording : GroupCommitWriter<int, int>
    {
        public Recording(IServiceProvider provider, bool reuseScope, IServiceScopeFactory? scopes = null)
            : this(new GroupCommitInbox<int, int>(), scopes ?? provider.GetRequiredService<IServiceScopeFactory>(), reuseScope)
        {
        }

        private Recording(GroupCommitInbox<int, int> inbox, IServiceScopeFactory scopes, bool reuseScope)
            : base(inbox, scopes, NullLogger.Instance, maxBatch: 10, reuseScope) => Inbox = inbox;

        /// <summary>The size of each batch written, in order.</summary>
        public List<int> BatchSizes { get; } = [];

        /// <summary>When set, a batch waits for it before it is written.</summary>
        public Task? Hold { get; set; }

        public GroupCommitInbox<int, int> Inbox { get; }

        public bool FailNext { get; set; }

        public ScopeMarker? LastScope { get; private set; }

        protected override async Task<IReadOnlyList<int>> WriteAsync(IServiceProvider services, IReadOnlyList<int> batch, CancellationToken ct)
        {
            LastScope = services.GetRequiredService<ScopeMarker>();
            BatchSizes.Add(batch.Count);
            if (Hold is { } hold) await hold;
            if (FailNext)
            {
                FailNext = false;
                throw new InvalidOperationException("the database went away");
            }

            return [.. batch.Select(i => i * 10)];
        }
    }

    /// <summary>A scope factory whose first scope cannot be made (the host's services already gone).</summary>
    private sealed class FailingOnce(IServiceScopeFactory inner) : IServiceScopeFactory
    {
        private bool _failed;

        public IServiceScope CreateScope()
        {
            if (_failed) return inner.CreateScope();
            _failed = true;
            throw new ObjectDisposedException("services", "no scope can be made");
        }
    }
}
