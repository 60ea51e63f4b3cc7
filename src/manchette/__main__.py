from manchette.cli import main

main()
