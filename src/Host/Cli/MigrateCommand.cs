using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using Monitor.Host.Store;

namespace Monitor.Host.Cli;

/// <summary>
/// <c>monitor migrate --from sqlite:PATH --to postgres:CONNECTION</c>: moves a single node's store to PostgreSQL (so that
/// several <c>monitor serve</c> nodes can share it) without loss. The target must be a new, empty database: it is created
/// or migrated to the latest schema, refused when any of our tables holds a row (a migration never merges into a live
/// database), filled in one transaction (<see cref="StoreMigration.Copy"/>) and then both sides are read again and
/// compared table by table (row count and SHA-256, <see cref="StoreMigration.Verify"/>). postgres→sqlite and
/// sqlite→sqlite work the same way (a backup, a way back). Stop <c>monitor serve</c> on the source first: rows written
/// during the copy are not in the target, and the check then reports a difference.
/// Exit codes: 0 copied and every table equal; 1 the copy failed (the target is left empty) or a table differs;
/// 2 a malformed location, a missing source or a target that holds rows; 3 an unexpected error.
/// </summary>
internal static class MigrateCommand
{
    /// <summary>Exit code 1: the work failed (nothing written, or a difference found).</summary>
    private const int Failed = CommandLine.SelfCheckFailed;

    public static Command Build(TimeProvider time, TextWriter output, TextWriter error)
    {
        var from = new Option<string>("--from") { Description = "The store to copy: sqlite:PATH (e.g. sqlite:/var/lib/monitor/monitor.db) or postgres:CONNECTION", Required = true };
        var to = new Option<string>("--to") { Description = "The new, empty store: postgres:Host=…;Database=…;Username=… (or sqlite:PATH)", Required = true };
        var command = new Command("migrate", "Copy a whole store into a new, empty one (a single node's SQLite file to PostgreSQL) and verify every table") { from, to };
        command.SetAction(async (result, ct) => await CommandLine.Guard(error, () =>
            Task.FromResult(Migrate(StoreLocation.Parse(result.GetValue(from)!), StoreLocation.Parse(result.GetValue(to)!), time, output, error))).ConfigureAwait(false));
        return command;
    }

    private static int Migrate(StoreLocation sourceLocation, StoreLocation targetLocation, TimeProvider time, TextWriter output, TextWriter error)
    {
        var started = time.GetTimestamp();
        if (SameStore(sourceLocation, targetLocation))
        {
            throw new FormatException($"源库与目标库是同一个库（{sourceLocation}），请用 --to 指定一个新建的空库");
        }

        bool exists;
        try
        {
            exists = StoreMigration.Exists(sourceLocation);
        }
        catch (DbException e)
        {
            error.WriteLine($"无法打开源库 {sourceLocation}：{e.Message}（请检查连接串，以及服务器是否可达）");
            return Failed;
        }

        if (!exists)
        {
            throw new FormatException(sourceLocation.Kind == StoreKind.Sqlite
                ? $"未找到状态库 {sourceLocation.Target}，请用 --from sqlite:PATH 指定要迁移的状态库（单节点默认为 STATE/monitor.db）"
                : $"源库 {sourceLocation} 中没有监测数据（从未建立过表结构），请检查 --from 的连接串");
        }

        using var source = Open(sourceLocation, "源库", error);
        if (source is null)
        {
            return Failed;
        }

        using var target = Open(targetLocation, "目标库", error);
        if (target is null)
        {
            return Failed;
        }

        output.WriteLine($"源库：{source.Location}（架构版本 {source.SchemaVersion}）");
        output.WriteLine($"目标库：{target.Location}（架构版本 {target.SchemaVersion}）");
        if (StoreMigration.Occupied(target) is { Count: > 0 } occupied)
        {
            error.WriteLine("参数有误：目标库已有数据，迁移只写入新建的空库，不与正在使用的数据库合并：");
            foreach (var table in occupied)
            {
                error.WriteLine($"  {table.Table}：{table.Rows} 行");
            }

            error.WriteLine("请新建一个空数据库（CREATE DATABASE …）作为 --to，未做任何更改。");
            return CommandLine.BadInput;
        }

        output.WriteLine($"复制 {StoreMigration.Tables.Count} 张表（目标库在一个事务中写入，失败时不留下任何数据）：");
        IReadOnlyList<StoreMigration.CopyProgress> copied;
        var copyStarted = time.GetTimestamp();
        try
        {
            copied = StoreMigration.Copy(source, target, time, p => output.WriteLine(p.Done
                ? $"  {p.Table}：{p.Rows} 行（{Seconds(p.Elapsed)} 秒）"
                : $"  {p.Table}：已复制 {p.Rows} 行…"));
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            error.WriteLine($"迁移失败，目标库的事务已回滚，未写入任何数据：{e.Message}");
            return Failed;
        }

        var total = copied.Sum(t => t.Rows);
        output.WriteLine($"已提交：{copied.Count} 张表，共 {total} 行，复制用时 {Seconds(time.GetElapsedTime(copyStarted))} 秒");

        output.WriteLine("校验（提交后重新读取两个库，逐表比较行数与按主键排序的 SHA-256）：");
        var checks = StoreMigration.Verify(source, target);
        foreach (var check in checks)
        {
            output.WriteLine(check.Matches
                ? $"  {check.Table}：{check.SourceRows} 行，SHA-256 {check.SourceSha256}，一致"
                : $"  {check.Table}：源库 {check.SourceRows} 行 SHA-256 {check.SourceSha256}；目标库 {check.TargetRows} 行 SHA-256 {check.TargetSha256}，不一致");
        }

        output.WriteLine("提醒：证据文件夹（STATE/evidence，证据原件与 WARC 文件）不在数据库中、不随本命令迁移，请复制到或挂载至每个节点的 store.evidencePath。");
        var differing = checks.Where(c => !c.Matches).ToList();
        if (differing.Count > 0)
        {
            error.WriteLine($"校验不一致：{string.Join("、", differing.Select(c => c.Table))}");
            foreach (var check in differing)
            {
                error.WriteLine($"  {check.Table}：源库 {check.SourceRows} 行 SHA-256 {check.SourceSha256}，目标库 {check.TargetRows} 行 SHA-256 {check.TargetSha256}");
            }

            error.WriteLine("若迁移期间源库仍有写入（monitor serve 未停止），请停止服务，换一个新建的空库（或清空目标库）后重新迁移。");
            return Failed;
        }

        output.WriteLine($"迁移完成：{checks.Count} 张表，共 {checks.Sum(c => c.TargetRows)} 行，行数与校验值一致（SHA-256），总用时 {Seconds(time.GetElapsedTime(started))} 秒");
        return CommandLine.Ok;
    }

    /// <summary>Opens (and migrates) a store; null after reporting why it could not be opened (server down, no such database, refused login).</summary>
    private static MonitorStore? Open(StoreLocation location, string role, TextWriter error)
    {
        try
        {
            return MonitorStore.Open(location);
        }
        catch (DbException e)
        {
            error.WriteLine($"无法打开{role} {location}：{e.Message}（请检查连接串，以及服务器是否可达、数据库是否已创建）");
            return null;
        }
    }

    /// <summary>The same SQLite file, or the same database on the same PostgreSQL server.</summary>
    private static bool SameStore(StoreLocation a, StoreLocation b)
    {
        if (a.Kind != b.Kind)
        {
            return false;
        }

        if (a.Kind == StoreKind.Sqlite)
        {
            return string.Equals(a.Target, b.Target, StringComparison.Ordinal);
        }

        var x = new Npgsql.NpgsqlConnectionStringBuilder(a.Target);
        var y = new Npgsql.NpgsqlConnectionStringBuilder(b.Target);
        return string.Equals(x.Host, y.Host, StringComparison.OrdinalIgnoreCase) && x.Port == y.Port
            && string.Equals(x.Database ?? x.Username, y.Database ?? y.Username, StringComparison.Ordinal);
    }

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture);
}
