using Harness.Controller.Hosting;

return await ControllerCommandLine.RunAsync(args, ControllerRegistrations.SnapshotAndRestore());
