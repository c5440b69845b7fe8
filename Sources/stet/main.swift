import ArgumentParser
import StetCore
print("x")
