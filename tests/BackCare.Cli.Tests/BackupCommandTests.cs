using BackCare.App;
using BackCare.App.Accounts;
using BackCare.App.Data;
using BackCare.App.Diary;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Cli.Tests;

/// <summary><c>backcare backup --to FILE</c> and <c>backcare restore --from FILE</c> (issue 13 §5).</summary>
public sealed class BackupCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("backcare-cli-backup-").FullName;

    private string Data => Path.Combine(_folder, "data");

    private ServiceProvider Services() =>
        new ServiceCollection().AddLogging()
            .AddBackCareApp(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["BackCare:Storage:DataDirectory"] = Data }).Build())
            .BuildServiceProvider();

    private async Task<Guid> SeedAsync(string email, int days)
    {
        await using var services = Services();
        await using var scope = services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(default);
        var user = (await scope.ServiceProvider.GetRequiredService<AccountService>().RegisterAsync(email, "Backed Up", "a long password 123", Roles.Patient, default)).Value!;
        var diary = scope.ServiceProvider.GetRequiredService<DiaryService>();
        for (var d = 1; d <= days; d++)
        {
            (await diary.SaveAsync(user.Id, new DiaryInput(diary.Today.AddDays(-d), d % 11, null, null, null, null, null, null, $"day {d}"), default)).Succeeded.ShouldBeTrue();
        }

        return user.Id;
    }

    private async Task<long> CountAsync(string file, string table)
    {
        await using var connection = new SqliteConnection($"Data Source={file};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT COUNT(*) FROM {table}";
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Backup_makes_a_verified_copy_and_restore_brings_it_back()
    {
        await SeedAsync("kept@example.com", 30);
        var backup = Path.Combine(_folder, "backups", "backcare-backup.db");
        var made = await CliRunner.RunAsync("backup", "--to", backup, "--data-dir", Data, "--json");
        made.ExitCode.ShouldBe(0, made.Error);
        made.Json.GetProperty("integrityCheck").GetString().ShouldBe("ok");
        made.Json.GetProperty("rows").GetProperty("users").GetInt64().ShouldBe(1);
        made.Json.GetProperty("rows").GetProperty("diary_entries").GetInt64().ShouldBe(30);
        (await CountAsync(backup, "diary_entries")).ShouldBe(30);

        // Life goes on after the backup; restoring brings back the state at the backup.
        await SeedAsync("later@example.com", 5);
        (await CountAsync(Path.Combine(Data, "backcare.db"), "users")).ShouldBe(2);
        var restored = await CliRunner.RunAsync("restore", "--from", backup, "--data-dir", Data);
        restored.ExitCode.ShouldBe(0, restored.Error);
        restored.Out.ShouldContain("integrity check ok");
        (await CountAsync(Path.Combine(Data, "backcare.db"), "users")).ShouldBe(1);
        (await CountAsync(Path.Combine(Data, "backcare.db"), "diary_entries")).ShouldBe(30);
    }

    [Fact]
    public async Task Backup_refuses_to_overwrite_a_file_and_restore_refuses_a_file_that_is_not_a_BackCare_database()
    {
        await SeedAsync("careful@example.com", 2);
        var existing = Path.Combine(_folder, "existing.db");
        await File.WriteAllTextAsync(existing, "keep me");
        var overwrite = await CliRunner.RunAsync("backup", "--to", existing, "--data-dir", Data);
        overwrite.ExitCode.ShouldBe(2);
        overwrite.Error.ShouldContain("--to");
        (await File.ReadAllTextAsync(existing)).ShouldBe("keep me");

        var garbage = await CliRunner.RunAsync("restore", "--from", existing, "--data-dir", Data);
        garbage.ExitCode.ShouldBe(2);
        garbage.Error.ShouldContain("--from");
        (await CountAsync(Path.Combine(Data, "backcare.db"), "diary_entries")).ShouldBe(2, "the database is untouched");

        var missing = await CliRunner.RunAsync("backup");
        missing.ExitCode.ShouldBe(2);
        missing.Error.ShouldContain("--to");
    }

    [Fact]
    public async Task A_missing_database_is_reported_against_the_option_that_named_it()
    {
        var backup = await CliRunner.RunAsync("backup", "--to", Path.Combine(_folder, "copy.db"), "--data-dir", Path.Combine(_folder, "nothing-here"));
        backup.ExitCode.ShouldBe(2);
        backup.Error.ShouldStartWith("error: --data-dir: no BackCare database at ");
        File.Exists(Path.Combine(_folder, "copy.db")).ShouldBeFalse();

        var notADatabase = Path.Combine(_folder, "not-a-database");
        Directory.CreateDirectory(notADatabase);
        await File.WriteAllTextAsync(Path.Combine(notADatabase, "backcare.db"), "these are not the pages of a SQLite file, only some text to fill them");
        var unreadable = await CliRunner.RunAsync("backup", "--to", Path.Combine(_folder, "copy.db"), "--data-dir", notADatabase);
        unreadable.ExitCode.ShouldBe(2, "bad input, not an internal error");
        unreadable.Error.ShouldStartWith("error: --data-dir: ");
        unreadable.Error.ShouldContain("cannot be read as a SQLite database");
        File.Exists(Path.Combine(_folder, "copy.db")).ShouldBeFalse();
    }

    [Fact]
    public async Task A_backup_that_cannot_write_its_copy_names_to_and_leaves_what_was_there()
    {
        await SeedAsync("copied@example.com", 1);
        var aFile = Path.Combine(_folder, "a-file");
        await File.WriteAllTextAsync(aFile, "a folder cannot be made inside a file");
        var aFolder = Directory.CreateDirectory(Path.Combine(_folder, "a-folder")).FullName;

        foreach (var (target, error) in new[] { (Path.Combine(aFile, "copy.db"), "cannot write "), (aFolder, "") })
        {
            var backup = await CliRunner.RunAsync("backup", "--to", target, "--data-dir", Data);
            backup.ExitCode.ShouldBe(2, $"{target}: {backup.Error}");
            backup.Error.ShouldStartWith("error: --to: " + error);
        }

        (await File.ReadAllTextAsync(aFile)).ShouldBe("a folder cannot be made inside a file");
        Directory.Exists(aFolder).ShouldBeTrue();
    }

    [Fact]
    public async Task A_restore_that_cannot_write_the_database_names_the_data_folder_and_keeps_the_backup()
    {
        await SeedAsync("restored@example.com", 3);
        var backup = Path.Combine(_folder, "good.db");
        (await CliRunner.RunAsync("backup", "--to", backup, "--data-dir", Data)).ExitCode.ShouldBe(0);
        var aFile = Path.Combine(_folder, "a-file");
        await File.WriteAllTextAsync(aFile, "a folder cannot be made inside a file");

        var restore = await CliRunner.RunAsync("restore", "--from", backup, "--data-dir", Path.Combine(aFile, "data"));
        restore.ExitCode.ShouldBe(2, restore.Error);
        restore.Error.ShouldStartWith("error: --data-dir: cannot write ");
        (await CountAsync(backup, "diary_entries")).ShouldBe(3, "the backup is untouched");
    }

    [Theory]
    [InlineData(null, null, "BackCare:Storage:DataDirectory")]
    [InlineData(null, "/srv/backcare", "--data-dir")]
    [InlineData("Data Source=/srv/backcare.db", null, "BackCare:Storage:ConnectionString")]
    [InlineData("Data Source=/srv/backcare.db", "/srv/backcare", "BackCare:Storage:ConnectionString")]
    public void Errors_about_the_SQLite_file_name_the_setting_that_gave_its_path(string? connectionString, string? dataDirOption, string expected)
    {
        // The connection string wins over the data folder (StorageOptions.ResolveSqliteConnectionString), so it is named.
        var storage = new StorageOptions { ConnectionString = connectionString };
        OperatorServices.SqliteSetting(storage, dataDirOption).ShouldBe(expected);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
