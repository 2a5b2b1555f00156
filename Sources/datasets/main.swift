print("datasets")
