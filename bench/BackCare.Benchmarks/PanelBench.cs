using System.Diagnostics;
using System.Globalization;
using BackCare.App;
using BackCare.App.Accounts;
using BackCare.App.Auditing;
using BackCare.App.Clinicians;
using BackCare.App.Data;
using BackCare.App.Demo;
using BackCare.App.Diary;
using BackCare.App.Sharing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

/// <summary>
/// The clinician panel at scale (issue 16): seeds N patients sharing with one clinician, each with a year of diary, in a
/// fresh SQLite database, then times the panel as the web page calls it (one DI scope per request, shared-patient check,
/// stored facts, reviews, names, sort, audit of the rows shown made durable) and the one-patient summary.
/// Run: dotnet run -c Release --project bench/BackCare.Benchmarks -- panel [patients] [days] [iterations]
/// </summary>
internal static class PanelBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        int Arg(int i, int fallback) => args.Length > i && int.TryParse(args[i], CultureInfo.InvariantCulture, out var v) ? v : fallback;
        var (patients, days, iterations) = (Arg(1, 1000), Arg(2, 365), Arg(3, 30));
        var folder = Directory.CreateTempSubdirectory("backcare-panel-bench-").FullName;
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["BackCare:Storage:DataDirectory"] = folder }).Build();
            await using var services = new ServiceCollection().AddLogging().AddBackCareApp(configuration).BuildServiceProvider();
            Guid clinician;
            IReadOnlyList<Guid> ids;
            var watch = Stopwatch.StartNew();
            await using (var scope = services.CreateAsyncScope())
            {
                await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(default);
                clinician = (await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync("bench-clinician@example.org", "Dr Bench", "bench password 2026", Roles.Clinician, default)).Value!.Id;
                ids = await scope.ServiceProvider.GetRequiredService<DemoPractice>().SeedAsync(clinician, patients, days, "bench.example", "bench password 2026", default);
            }

            Console.WriteLine($"seeded {patients} patients x {days} days in {watch.Elapsed.TotalSeconds:0.0} s");
            async Task<double> TimeAsync(Func<IServiceProvider, Task> request)
            {
                var started = Stopwatch.GetTimestamp();
                await using var scope = services.CreateAsyncScope();
                await request(scope.ServiceProvider);
                await scope.ServiceProvider.GetRequiredService<AuditWriter>().FlushAsync(default);
                await scope.ServiceProvider.GetRequiredService<AuditReadsInFlight>().WhenDurableAsync();
                return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }

            Task Panel(IServiceProvider sp, PanelQuery query) => sp.GetRequiredService<ClinicianPanel>().ReadAsync(clinician, query, default);
            Console.WriteLine($"cold panel (every patient's facts computed and stored): {await TimeAsync(sp => Panel(sp, new PanelQuery())):0} ms");
            Report("panel, first page (steady state)", await RepeatAsync(iterations, () => TimeAsync(sp => Panel(sp, new PanelQuery()))));
            Report("panel, risk=high and a name search", await RepeatAsync(iterations, () => TimeAsync(sp => Panel(sp, new PanelQuery(Search: "Alex", Risk: "high")))));
            Report("summary of one patient (a year of diary)", await RepeatAsync(iterations, () => TimeAsync(sp => sp.GetRequiredService<PatientSummaryService>().BuildAsync(clinician, ids[2], ClinicianReads.Summary, default))));
            var changed = new List<double>();
            for (var i = 0; i < iterations; i++)
            {
                await using (var scope = services.CreateAsyncScope())
                {
                    var diary = scope.ServiceProvider.GetRequiredService<DiaryService>();
                    await diary.SaveAsync(ids[i % ids.Count], new DiaryInput(diary.Today, 3 + (i % 4), null, null, null, null, null, null, null), default);
                }

                changed.Add(await TimeAsync(sp => Panel(sp, new PanelQuery())));
            }

            Report("panel after one patient checked in (one patient's facts recomputed)", changed);
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task<List<double>> RepeatAsync(int n, Func<Task<double>> run)
    {
        var times = new List<double>(n);
        for (var i = 0; i < n; i++) times.Add(await run());
        return times;
    }

    private static void Report(string what, List<double> times)
    {
        times.Sort();
        double P(double q) => times[Math.Min(times.Count - 1, (int)Math.Ceiling(q * times.Count) - 1)];
        Console.WriteLine($"{what}: p50 {P(0.5):0.0} ms, p95 {P(0.95):0.0} ms, max {times[^1]:0.0} ms ({times.Count} runs)");
    }
}
