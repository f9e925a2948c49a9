from wfkpi.cli import main

main()
