using System.CommandLine;
using BackCare.Clinical.Common;
using BackCare.App.Data;

namespace BackCare.Cli.Commands;

/// <summary>
/// <c>backcare backup --to FILE</c> and <c>backcare restore --from FILE</c>: the SQLite database copied with SQLite's
/// online backup API (safe while the web app runs) and verified by <c>PRAGMA integrity_check</c> and row counts.
/// PostgreSQL deployments use pg_dump and pg_restore (docs/operations.md).
/// </summary>
public static class BackupCommands
{
    public static Command Backup(CliConsole console)
    {
        var to = new Option<string?>("--to") { Description = "The backup file to create (must not exist yet)" };
        var dataDir = DataDir();
        var json = CommonOptions.Json();
        var command = new Command("backup", "Copy the SQLite database to FILE while the app runs, then verify the copy (integrity check, row counts)") { to, dataDir, json };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(to);
            if (string.IsNullOrWhiteSpace(file)) return Usage.Fail(console, ValidationError.Required("--to", "is required: the backup file to create"));
            var storage = Storage(parse.GetValue(dataDir));
            if (storage.Error is { } refused) return Usage.Fail(console, refused);
            var field = OperatorServices.SqliteSetting(storage.Value!, parse.GetValue(dataDir));
            var result = await SqliteBackup.BackupAsync(storage.Value!.ResolveSqliteConnectionString(), field, file, ct);
            return Report(console, result, parse.GetValue(json), "Backed up to");
        });
        return command;
    }

    public static Command Restore(CliConsole console)
    {
        var from = new Option<string?>("--from") { Description = "A backup made with `backcare backup`" };
        var dataDir = DataDir();
        var json = CommonOptions.Json();
        var command = new Command("restore", "Replace the SQLite database with a verified backup (stop the web app first)") { from, dataDir, json };
        command.SetAction(async (parse, ct) =>
        {
            var file = parse.GetValue(from);
            if (string.IsNullOrWhiteSpace(file)) return Usage.Fail(console, ValidationError.Required("--from", "is required: the backup file to restore"));
            var storage = Storage(parse.GetValue(dataDir));
            if (storage.Error is { } refused) return Usage.Fail(console, refused);
            var field = OperatorServices.SqliteSetting(storage.Value!, parse.GetValue(dataDir));
            var result = await SqliteBackup.RestoreAsync(file, storage.Value!.ResolveSqliteConnectionString(), field, ct);
            return Report(console, result, parse.GetValue(json), "Restored into");
        });
        return command;
    }

    private static Option<string?> DataDir() =>
        new("--data-dir") { Description = "SQLite data folder (default: as the web host, BackCare:Storage settings)" };

    private static Parsed<StorageOptions> Storage(string? dataDirectory)
    {
        var parsed = OperatorServices.Storage(dataDirectory);
        if (parsed.Error is not null) return parsed;
        var storage = parsed.Value!;
        if (storage.Provider == "postgres")
        {
            return ValidationError.Invalid("BackCare:Storage:Provider", "is postgres: back up with pg_dump and restore with pg_restore (docs/operations.md)");
        }

        return storage;
    }

    private static int Report(CliConsole console, App.Result<BackupReport> result, bool json, string verb)
    {
        if (!result.Succeeded) return Usage.Fail(console, ValidationError.Invalid(result.Problems[0].Field, result.Problems[0].Message));
        var report = result.Value!;
        if (json)
        {
            CliJson.Write(console.Out, new { file = report.File, integrityCheck = report.IntegrityCheck, rows = report.Rows });
        }
        else
        {
            console.Out.WriteLine($"{verb} {report.File}: integrity check {report.IntegrityCheck}; rows: "
                + string.Join(", ", report.Rows.Select(r => $"{r.Key} {r.Value}")));
        }

        return ExitCodes.Success;
    }
}
