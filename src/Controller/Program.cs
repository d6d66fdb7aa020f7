using Harness.Controller.Hosting;

return await ControllerCommandLine.RunAsync(args, controllers: [new SnapshotControllerRegistration(), new RestoreControllerRegistration()]);
