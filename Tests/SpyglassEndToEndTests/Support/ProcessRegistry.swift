/// The servers a test started, so that teardown stops every one of them.
actor ProcessRegistry {
    private var processes: [ChildProcess] = []

    func add(_ process: ChildProcess) { processes.append(process) }

    var all: [ChildProcess] { processes }
}
